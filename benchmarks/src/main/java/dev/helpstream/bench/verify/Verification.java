package dev.helpstream.bench.verify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Joins a phase's observations into its verdict and its figures. A phase is verified when every
 * ticket it submitted was accepted, opened exactly once (one {@code TicketOpened} for its
 * customer, under the ticket id the API answered), got its SLA targets, was acknowledged by exactly
 * one mail and, for the API phases, showed in the staff stream (or, if it showed while the stream
 * was being opened again, in a read from the gateway; such a ticket is in no visible-latency
 * figure). Only a verified phase has figures.
 */
public final class Verification {

    /** The figures of a verified phase. Latencies are in microseconds. */
    public record PhaseFigures(
            String phase,
            int tickets,
            double acceptedPerSecond,
            double endToEndPerSecond,
            Histogram acceptLatency,
            Histogram openedLatency,
            Histogram visibleLatency,
            Histogram acknowledgementLatency) {}

    /** A phase's verdict: its problems (none when verified) and, when verified, its figures. */
    public record PhaseResult(String phase, List<String> problems, PhaseFigures figures) {

        public boolean verified() {
            return problems.isEmpty();
        }
    }

    private static final int EXAMPLES = 5;

    private Verification() {}

    /**
     * @param needsVisibility whether the phase's tickets must show in the staff stream (the API
     *     phases; mail tickets are only counted through the pipeline)
     */
    public static PhaseResult phase(Ledger ledger, String phase, int expected, boolean needsVisibility) {
        List<Ledger.Submission> submissions = ledger.submissions(phase);
        List<String> problems = new ArrayList<>();
        if (submissions.size() != expected) {
            problems.add(phase + ": " + submissions.size() + " tickets submitted, " + expected + " expected");
        }
        Map<String, List<Ledger.Opened>> openedByCustomer = new HashMap<>();
        for (Ledger.Opened opened : ledger.opened()) {
            openedByCustomer
                    .computeIfAbsent(opened.customer(), key -> new ArrayList<>())
                    .add(opened);
        }
        Problems failed = new Problems(phase, "not accepted");
        Problems notOpened = new Problems(phase, "no TicketOpened");
        Problems openedTwice = new Problems(phase, "opened more than once");
        Problems wrongTicket = new Problems(phase, "opened under another ticket id than the API answered");
        Problems noSla = new Problems(phase, "no SLA targets set");
        Problems notAcknowledged = new Problems(phase, "no acknowledgement mail");
        Problems acknowledgedTwice = new Problems(phase, "more than one acknowledgement mail");
        Problems notVisible = new Problems(phase, "never in the staff stream");
        Histogram accept = histogram();
        Histogram openedAfter = histogram();
        Histogram visible = histogram();
        Histogram acknowledged = histogram();
        long first = Long.MAX_VALUE;
        long lastAccepted = Long.MIN_VALUE;
        long lastComplete = Long.MIN_VALUE;
        for (Ledger.Submission submission : submissions) {
            first = Math.min(first, submission.intendedNanos);
            if (submission.error() != null || submission.acceptedNanos() == 0) {
                failed.add(submission.customer + " (" + submission.error() + ")");
                continue;
            }
            lastAccepted = Math.max(lastAccepted, submission.acceptedNanos());
            accept.recordValue(micros(submission.acceptedNanos() - submission.intendedNanos));
            List<Ledger.Opened> opened = openedByCustomer.getOrDefault(submission.customer, List.of());
            if (opened.isEmpty()) {
                notOpened.add(submission.customer);
                continue;
            }
            if (opened.size() > 1) {
                openedTwice.add(submission.customer + " (" + opened.size() + " times)");
            }
            String ticketId = opened.get(0).ticketId();
            if (submission.ticketId() != null && !submission.ticketId().equals(ticketId)) {
                wrongTicket.add(submission.customer);
            }
            long complete = opened.get(0).nanos();
            openedAfter.recordValue(micros(complete - submission.acceptedNanos()));
            Long sla = ledger.slaTargetsSet().get(ticketId);
            if (sla == null) {
                noSla.add(ticketId);
            } else {
                complete = Math.max(complete, sla);
            }
            List<Long> acknowledgements = ledger.acknowledgements().getOrDefault(submission.customer, List.of());
            if (acknowledgements.isEmpty()) {
                notAcknowledged.add(submission.customer);
            } else {
                if (acknowledgements.size() > 1) {
                    acknowledgedTwice.add(submission.customer + " (" + acknowledgements.size() + ")");
                }
                acknowledged.recordValue(micros(acknowledgements.get(0) - submission.acceptedNanos()));
                complete = Math.max(complete, acknowledgements.get(0));
            }
            if (needsVisibility) {
                Long seen = ledger.visible().get(ticketId);
                if (seen == null) {
                    // Shown while the stream was being opened again: visible, but with no time to count.
                    if (!ledger.confirmedVisible().contains(ticketId)) {
                        notVisible.add(ticketId);
                    }
                } else {
                    visible.recordValue(micros(seen - submission.acceptedNanos()));
                    complete = Math.max(complete, seen);
                }
            }
            lastComplete = Math.max(lastComplete, complete);
        }
        for (Problems kind : List.of(
                failed, notOpened, openedTwice, wrongTicket, noSla, notAcknowledged, acknowledgedTwice, notVisible)) {
            kind.report(problems);
        }
        if (!problems.isEmpty() || submissions.isEmpty()) {
            return new PhaseResult(phase, problems, null);
        }
        int tickets = submissions.size();
        return new PhaseResult(
                phase,
                problems,
                new PhaseFigures(
                        phase,
                        tickets,
                        perSecond(tickets, lastAccepted - first),
                        perSecond(tickets, lastComplete - first),
                        accept,
                        openedAfter,
                        needsVisibility ? visible : null,
                        acknowledged));
    }

    private static double perSecond(int count, long nanos) {
        return count / (Math.max(1, nanos) / 1e9);
    }

    /** Latencies below zero cannot happen between two readings of one monotonic clock; kept at 0 if equal. */
    private static long micros(long nanos) {
        return Math.max(0, nanos / 1_000);
    }

    static Histogram histogram() {
        return new Histogram(3);
    }

    /** One kind of problem of a phase, with its count and a few examples. */
    private static final class Problems {
        private final String phase;
        private final String what;
        private final List<String> examples = new ArrayList<>();
        private int count;

        Problems(String phase, String what) {
            this.phase = phase;
            this.what = what;
        }

        void add(String example) {
            count++;
            if (examples.size() < EXAMPLES) {
                examples.add(example);
            }
        }

        void report(List<String> problems) {
            if (count > 0) {
                problems.add(phase + ": " + count + " " + what + ", e.g. " + String.join(", ", examples));
            }
        }
    }
}
