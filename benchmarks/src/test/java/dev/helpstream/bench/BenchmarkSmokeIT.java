package dev.helpstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.bench.report.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The benchmark command's smoke run, as CI runs it: tiny counts, every phase but the ceiling,
 * against the all-in-one jar the reactor built before this module. It checks that the run verifies
 * and reports every phase; the figures themselves are never asserted.
 *
 * <p>The ceiling is left to {@code KafkaCeilingIT} (on the test broker): against the all-in-one's
 * broker just started, on CI, its idempotent producer twice got OutOfOrderSequenceException from
 * the broker and expired its batches, which full runs on a quiet machine never showed.
 */
class BenchmarkSmokeIT {

    @Test
    void aSmokeRunVerifiesEveryPhaseAndReportsThem() throws Exception {
        Path json = Path.of("target/smoke/benchmark.json");
        Settings settings = Settings.parse(
                List.of(
                        "--smoke",
                        "--phases=closed,open,mail,view",
                        "--launcher-jar=../launcher/target/helpstream-launcher.jar",
                        "--jvm-options=@../launcher/jvm.options",
                        "--work-dir=target/smoke/run",
                        "--json=" + json),
                Map.of());

        Benchmark.Outcome outcome = new Benchmark(settings).run();

        assertThat(outcome.problems()).isEmpty();
        assertThat(outcome.figures().ceiling()).isNull();
        assertThat(outcome.figures().closedLoop().figures().tickets()).isEqualTo(200);
        assertThat(outcome.figures().openLoop().figures().tickets()).isEqualTo(200);
        assertThat(outcome.figures().mail().figures().tickets()).isEqualTo(100);
        assertThat(outcome.figures().view().tickets()).isEqualTo(2000);
        assertThat(outcome.figures().view().latency().getTotalCount()).isEqualTo(50);
        assertThat(outcome.figures().cpu())
                .containsOnlyKeys("warm-up", "closed loop", "open loop", "mail intake", "1M load and staff view");
        String table = Report.table(outcome.figures());
        assertThat(table).contains("VERIFIED", "end to end", "Peak RSS", "Staff view page of 50");
        Report.writeJson(outcome.figures(), json);
        assertThat(Files.readString(json)).contains("\"verified\" : true", "\"endToEndPerSecond\"");
    }
}
