package dev.helpstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @Test
    void theDefaultsAreTheFullRunOfTheIssue() {
        Settings settings = Settings.parse(List.of("--jvm-options=-Xmx1g"), Map.of());

        assertThat(settings.phases()).containsExactly("ceiling", "closed", "open", "mail", "view");
        assertThat(settings.openRate()).isEqualTo(1000);
        assertThat(settings.openSeconds()).isEqualTo(60);
        assertThat(settings.loadTickets()).isEqualTo(1_000_000);
        assertThat(settings.completionTimeout()).isEqualTo(Duration.ofSeconds(900));
        assertThat(settings.external()).isFalse();
    }

    @Test
    void theAllInOnesJvmOptionsComeFromTheFileStartShReadsUnlessGiven(@TempDir Path directory) throws Exception {
        Path options = directory.resolve("jvm.options");
        Files.writeString(options, "# a comment\n-Xmx1g\n\n  -XX:+UseG1GC  \n");

        assertThat(Settings.parse(List.of("--jvm-options=@" + options), Map.of())
                        .jvmOptions())
                .isEqualTo("-Xmx1g -XX:+UseG1GC");
        assertThat(Settings.parse(List.of("--jvm-options=-Xmx2g"), Map.of()).jvmOptions())
                .isEqualTo("-Xmx2g");
        assertThatThrownBy(() -> Settings.parse(List.of("--jvm-options=@" + directory.resolve("none")), Map.of()))
                .hasMessageStartingWith("--jvm-options names " + directory.resolve("none") + ", which cannot be read");
    }

    @Test
    void smokeGivesTinyCountsAndLaterArgumentsStillWin() {
        Settings settings =
                Settings.parse(List.of("--smoke", "--mails=7", "--phases=open,mail", "--jvm-options=-Xmx1g"), Map.of());

        assertThat(settings.closedTickets()).isEqualTo(200);
        assertThat(settings.loadTickets()).isEqualTo(2000);
        assertThat(settings.mails()).isEqualTo(7);
        assertThat(settings.phases()).containsExactly("open", "mail");
    }

    @Test
    void aTypoOrABadValueIsAnErrorNotADefault() {
        assertThatThrownBy(() -> Settings.parse(List.of("--concurency=8"), Map.of()))
                .hasMessageStartingWith("unknown setting --concurency");
        assertThatThrownBy(() -> Settings.parse(List.of("--mails=many"), Map.of()))
                .hasMessage("--mails must be a whole number, not many");
        assertThatThrownBy(() -> Settings.parse(List.of("--open-rate=0"), Map.of()))
                .hasMessage("--open-rate must be positive");
        assertThatThrownBy(() -> Settings.parse(List.of("--phases=ceiling,soak"), Map.of()))
                .hasMessage("phases are among [ceiling, closed, open, mail, view], not [ceiling, soak]");
    }

    @Test
    void runningServicesMustBeNamedWhenKafkaIsExternal() {
        assertThatThrownBy(() -> Settings.parse(List.of(), Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092")))
                .hasMessageStartingWith("with KAFKA_BOOTSTRAP_SERVERS set, give --gateway-url");

        Settings settings = Settings.parse(
                List.of(
                        "--gateway-url=http://g:8080",
                        "--ingest-url=http://i:8081",
                        "--smtp=i:2525",
                        "--mailbox-port=2600"),
                Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092"));
        assertThat(settings.external()).isTrue();
        assertThat(settings.bootstrapServers()).isEqualTo("k:9092");
    }
}
