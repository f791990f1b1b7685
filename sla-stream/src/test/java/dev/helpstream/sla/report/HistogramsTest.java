package dev.helpstream.sla.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helpstream.schema.DurationCount;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistogramsTest {

    @Test
    void shouldKeepTwoSignificantDigitsRoundingHalvesUp() {
        assertThat(Histograms.round(0)).isZero();
        assertThat(Histograms.round(95)).isEqualTo(95);
        assertThat(Histograms.round(99)).isEqualTo(99);
        assertThat(Histograms.round(104)).isEqualTo(100);
        assertThat(Histograms.round(105)).isEqualTo(110);
        assertThat(Histograms.round(995)).isEqualTo(1000);
        assertThat(Histograms.round(1234)).isEqualTo(1200);
        assertThat(Histograms.round(1250)).isEqualTo(1300);
        assertThat(Histograms.round(55_800)).isEqualTo(56_000);
        assertThat(Histograms.round(86_399)).isEqualTo(86_000);
        assertThat(Histograms.round(9_950_000)).isEqualTo(10_000_000);
    }

    @Test
    void shouldCountANegativeDurationAsZero() {
        assertThat(Histograms.of(-5)).containsExactly(bucket(0, 1));
    }

    @Test
    void shouldMergeByAddingTheCountsOfEqualBucketsInAscendingOrder() {
        List<DurationCount> monday = List.of(bucket(60, 2), bucket(3600, 1));
        List<DurationCount> tuesday = List.of(bucket(30, 1), bucket(3600, 4), bucket(7200, 1));

        assertThat(Histograms.merge(monday, tuesday))
                .containsExactly(bucket(30, 1), bucket(60, 2), bucket(3600, 5), bucket(7200, 1));
        assertThat(Histograms.merge(List.of(), monday)).containsExactly(bucket(60, 2), bucket(3600, 1));
        assertThat(monday).containsExactly(bucket(60, 2), bucket(3600, 1));
    }

    @Test
    void shouldRoundBucketsFromElsewhereWhileMerging() {
        assertThat(Histograms.merge(List.of(bucket(1249, 1)), List.of(bucket(1200, 2), bucket(1250, 1))))
                .containsExactly(bucket(1200, 3), bucket(1300, 1));
    }

    @Test
    void shouldTakePercentilesByNearestRank() {
        // Ten durations: 10, 20 x4, 30 x3, 40, 50.
        List<DurationCount> histogram =
                List.of(bucket(10, 1), bucket(20, 4), bucket(30, 3), bucket(40, 1), bucket(50, 1));

        assertThat(Histograms.count(histogram)).isEqualTo(10);
        // p50: rank ceil(5.0) = 5, the 5th value is 20.
        assertThat(Histograms.percentile(histogram, 50)).isEqualTo(20);
        // p90: rank 9, the 9th value is 40.
        assertThat(Histograms.percentile(histogram, 90)).isEqualTo(40);
        // p51: rank ceil(5.1) = 6, a 30.
        assertThat(Histograms.percentile(histogram, 51)).isEqualTo(30);
        assertThat(Histograms.percentile(histogram, 100)).isEqualTo(50);
        assertThat(Histograms.percentile(histogram, 1)).isEqualTo(10);
    }

    @Test
    void shouldHaveNoPercentileOfNothing() {
        assertThat(Histograms.percentile(List.of(), 50)).isNull();
        assertThatThrownBy(() -> Histograms.percentile(List.of(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a percentile is between 1 and 100, not 0");
    }

    private static DurationCount bucket(long seconds, long count) {
        return new DurationCount(seconds, count);
    }
}
