package dev.helpstream.sla.report;

import dev.helpstream.schema.DurationCount;
import java.util.ArrayList;
import java.util.List;

/**
 * Duration histograms as {@code ReportDay} carries them: buckets of whole seconds kept to two
 * significant digits, ascending by duration, each with the number of durations recorded at that
 * value.
 *
 * <p>Input and output: lists of {@link DurationCount}; the lists passed in are never changed.
 * Invariant: a histogram made or combined here is sorted by strictly ascending seconds, with no
 * bucket of count zero, so two days merge by adding counts and percentiles come from counts alone
 * (never from averaging percentiles). Rounding to two significant digits keeps a day's histogram to
 * at most a few hundred buckets however many tickets it counts, at most 5% off (values under 100 s
 * are exact).
 */
public final class Histograms {

    private Histograms() {}

    /**
     * {@code seconds} to two significant digits, halves rounded up: 95 stays 95, 1234 becomes 1200,
     * 1250 becomes 1300, 86_399 becomes 86_000. A negative duration (clocks of two sources
     * disagreeing) counts as 0.
     */
    public static long round(long seconds) {
        if (seconds < 100) {
            return Math.max(0, seconds);
        }
        long scale = 1;
        long value = seconds;
        while (value >= 100) {
            // Remember the first dropped digit for the half-up rounding.
            scale *= 10;
            value = seconds / scale;
        }
        long remainder = seconds - value * scale;
        if (remainder * 2 >= scale) {
            value++;
        }
        return value * scale;
    }

    /** The histogram of the one duration {@code seconds}. */
    public static List<DurationCount> of(long seconds) {
        return List.of(new DurationCount(round(seconds), 1L));
    }

    /**
     * The histogram holding the durations of both: buckets of equal seconds add their counts.
     * Buckets whose seconds are not yet rounded (a histogram from elsewhere) are rounded first.
     */
    public static List<DurationCount> merge(List<DurationCount> left, List<DurationCount> right) {
        List<DurationCount> merged = new ArrayList<>(left.size() + right.size());
        int i = 0;
        int j = 0;
        while (i < left.size() || j < right.size()) {
            DurationCount next;
            if (j >= right.size()
                    || (i < left.size()
                            && left.get(i).getSeconds() <= right.get(j).getSeconds())) {
                next = left.get(i++);
            } else {
                next = right.get(j++);
            }
            add(merged, round(next.getSeconds()), next.getCount());
        }
        return List.copyOf(merged);
    }

    /** How many durations the histogram holds. */
    public static long count(List<DurationCount> histogram) {
        long count = 0;
        for (DurationCount bucket : histogram) {
            count += bucket.getCount();
        }
        return count;
    }

    /**
     * The {@code percent}th percentile by nearest rank: the smallest recorded value such that at
     * least {@code percent}% of the durations are at or below it (the value of rank ⌈p/100 × n⌉ in
     * ascending order). Null for an empty histogram.
     *
     * @throws IllegalArgumentException when {@code percent} is not in 1..100
     */
    public static Long percentile(List<DurationCount> histogram, int percent) {
        if (percent < 1 || percent > 100) {
            throw new IllegalArgumentException("a percentile is between 1 and 100, not " + percent);
        }
        long total = count(histogram);
        if (total == 0) {
            return null;
        }
        // ceil(percent * total / 100) without floating point.
        long rank = (percent * total + 99) / 100;
        long seen = 0;
        for (DurationCount bucket : histogram) {
            seen += bucket.getCount();
            if (seen >= rank) {
                return bucket.getSeconds();
            }
        }
        throw new IllegalStateException("unreachable: rank " + rank + " of " + total);
    }

    private static void add(List<DurationCount> sorted, long seconds, long count) {
        if (count <= 0) {
            return;
        }
        // Rounding may bring a bucket level with the previous one (e.g. 1249 and 1250 from elsewhere).
        int last = sorted.size() - 1;
        if (last >= 0 && sorted.get(last).getSeconds() == seconds) {
            sorted.set(last, new DurationCount(seconds, sorted.get(last).getCount() + count));
        } else {
            sorted.add(new DurationCount(seconds, count));
        }
    }
}
