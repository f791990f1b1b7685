package dev.helpstream.bench.report;

import dev.helpstream.bench.verify.Verification.PhaseFigures;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Every figure of one verified run, as the report prints them.
 *
 * @param ceiling the Kafka ceiling (null when that phase was not run)
 * @param closedLoop the closed-loop ticket phase and its concurrency
 * @param openLoop the open-loop ticket phase, its rate and duration
 * @param mail the SMTP intake phase: mails accepted per second, acknowledgement latency
 * @param view the staff view page latency with the loaded tickets (null when not run)
 * @param cpu CPU seconds and cores used by the measured process, per phase
 * @param peakRssBytes the measured process's peak RSS over the whole run (the kernel's {@code
 *     VmHWM}), or -1
 * @param peakAnonymousBytes the highest anonymous resident set sampled (every 250 ms), or -1
 * @param peakFileBytes the highest file-backed resident set sampled (mapped files), or -1
 */
public record Figures(
        String runId,
        String stack,
        int cores,
        Ceiling ceiling,
        Closed closedLoop,
        Open openLoop,
        Mail mail,
        View view,
        Map<String, Cpu> cpu,
        long peakRssBytes,
        long peakAnonymousBytes,
        long peakFileBytes,
        List<String> notes) {

    public record Ceiling(
            long records,
            int recordBytes,
            double producerPerSecond,
            double producerMegabytesPerSecond,
            double eosPassThroughPerSecond) {}

    public record Closed(int concurrency, PhaseFigures figures) {}

    public record Open(int rate, int seconds, PhaseFigures figures) {}

    public record Mail(int connections, double acceptedPerSecond, PhaseFigures figures) {}

    public record View(int tickets, double loadedPerSecond, double indexedSeconds, String path, Histogram latency) {}

    /**
     * @param seconds CPU seconds of the measured process (the all-in-one) over the phase
     * @param generatorSeconds CPU seconds of the benchmark's own process (the load generator, on
     *     the same cores) over the phase
     */
    public record Cpu(double seconds, double generatorSeconds, double wallSeconds) {

        public double cores() {
            return seconds / Math.max(0.001, wallSeconds);
        }

        public double generatorCores() {
            return generatorSeconds / Math.max(0.001, wallSeconds);
        }
    }
}
