package dev.helpstream.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void shouldWriteADurationInTheLargestWholeUnitTheSettingsUse() {
        assertThat(Durations.text(Duration.ofDays(3))).isEqualTo("3d");
        assertThat(Durations.text(Duration.ofHours(36))).isEqualTo("36h");
        assertThat(Durations.text(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(Durations.text(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Durations.text(Duration.ofMillis(1500))).isEqualTo("PT1.5S");
        assertThat(Durations.text(Duration.ZERO)).isEqualTo("PT0S");
    }
}
