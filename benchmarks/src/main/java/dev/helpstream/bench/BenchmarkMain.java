package dev.helpstream.bench;

import dev.helpstream.bench.report.Report;
import java.io.PrintStream;
import java.util.List;

/**
 * The benchmark command ({@code ./bench.sh}, or {@code java -jar
 * benchmarks/target/helpstream-benchmarks.jar [--smoke] [--name=value ...]}): one verified run,
 * printed as one table and written as JSON. A run that fails verification prints FAIL, its
 * problems, and no figures, and exits with 1.
 */
public final class BenchmarkMain {

    private BenchmarkMain() {}

    public static void main(String[] args) throws Exception {
        Settings settings;
        try {
            settings = Settings.parse(List.of(args), System.getenv());
        } catch (IllegalArgumentException e) {
            err().println("benchmark: " + e.getMessage());
            System.exit(2);
            return;
        }
        Benchmark.Outcome outcome = new Benchmark(settings).run();
        PrintStream out = out();
        if (!outcome.verified()) {
            out.println("FAIL: the run did not verify, so it has no figures:");
            outcome.problems().forEach(problem -> out.println("  - " + problem));
            System.exit(1);
            return;
        }
        Report.writeJson(outcome.figures(), settings.jsonOutput());
        out.print(Report.table(outcome.figures()));
        out.println("JSON: " + settings.jsonOutput().toAbsolutePath());
        System.exit(0);
    }

    /** The command's own output: the table is what it is run for. */
    private static PrintStream out() {
        return System.out;
    }

    private static PrintStream err() {
        return System.err;
    }
}
