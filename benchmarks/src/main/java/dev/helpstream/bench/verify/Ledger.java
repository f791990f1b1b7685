package dev.helpstream.bench.verify;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything the benchmark saw, as raw observations keyed by what identifies them where they were
 * seen: the tickets it submitted (by customer address, unique per ticket), the responses of the API
 * (ticket id), the {@code TicketOpened} events (ticket id and customer), the SLA targets set, the
 * staff stream's first sight of each ticket and every acknowledgement mail (recipient). Nothing is
 * joined while the load runs; {@link Verification} joins them afterwards. Times are {@link
 * System#nanoTime()}.
 */
public final class Ledger {

    /** A ticket the benchmark submitted, through the API or by mail. */
    public static final class Submission {
        public final String phase;
        public final String customer;
        /** When it should have been sent (open loop), else when it was sent. */
        public final long intendedNanos;

        volatile long acceptedNanos;
        volatile String ticketId;
        volatile String error;

        Submission(String phase, String customer, long intendedNanos) {
            this.phase = phase;
            this.customer = customer;
            this.intendedNanos = intendedNanos;
        }

        public long acceptedNanos() {
            return acceptedNanos;
        }

        public String ticketId() {
            return ticketId;
        }

        public String error() {
            return error;
        }
    }

    /** A {@code TicketOpened} seen on {@code tickets.events.v1}. */
    public record Opened(String ticketId, String customer, long nanos) {}

    private final Map<String, Submission> submissions = new ConcurrentHashMap<>();
    private final AtomicInteger retries = new AtomicInteger();
    private final List<Opened> opened = new CopyOnWriteArrayList<>();
    private final Map<String, Long> slaTargetsSet = new ConcurrentHashMap<>();
    private final Map<String, Long> visible = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> acknowledgements = new ConcurrentHashMap<>();

    public Submission submitted(String phase, String customer, long intendedNanos) {
        Submission submission = new Submission(phase, customer.toLowerCase(Locale.ROOT), intendedNanos);
        if (submissions.putIfAbsent(submission.customer, submission) != null) {
            throw new IllegalArgumentException("customer " + customer + " was used twice");
        }
        return submission;
    }

    public void accepted(Submission submission, String ticketId, long nanos) {
        submission.ticketId = ticketId;
        submission.acceptedNanos = nanos;
    }

    /** A request was sent again with the same Idempotency-Key after a time-out, an I/O error or a 503. */
    public void retried() {
        retries.incrementAndGet();
    }

    public int retries() {
        return retries.get();
    }

    public void failed(Submission submission, String error) {
        submission.error = error;
    }

    public void opened(String ticketId, String customer, long nanos) {
        opened.add(new Opened(ticketId, customer.toLowerCase(Locale.ROOT), nanos));
    }

    public void slaTargetsSet(String ticketId, long nanos) {
        slaTargetsSet.putIfAbsent(ticketId, nanos);
    }

    public void visible(String ticketId, long nanos) {
        visible.putIfAbsent(ticketId, nanos);
    }

    public void acknowledged(String recipient, long nanos) {
        acknowledgements
                .computeIfAbsent(recipient.toLowerCase(Locale.ROOT), key -> new CopyOnWriteArrayList<>())
                .add(nanos);
    }

    /** How many tickets the benchmark submitted, over every phase. */
    public int submitted() {
        return submissions.size();
    }

    public List<Submission> submissions(String phase) {
        return submissions.values().stream()
                .filter(submission -> submission.phase.equals(phase))
                .toList();
    }

    List<Opened> opened() {
        return opened;
    }

    Map<String, Long> slaTargetsSet() {
        return slaTargetsSet;
    }

    Map<String, Long> visible() {
        return visible;
    }

    Map<String, List<Long>> acknowledgements() {
        return acknowledgements;
    }

    /** How many of the phase's tickets are through the whole pipeline, as far as it can be seen now. */
    public int complete(String phase, boolean needsVisibility) {
        Map<String, Opened> openedByCustomer = openedByCustomer();
        int complete = 0;
        for (Submission submission : submissions(phase)) {
            Opened open = openedByCustomer.get(submission.customer);
            if (open != null
                    && slaTargetsSet.containsKey(open.ticketId())
                    && acknowledgements.containsKey(submission.customer)
                    && (!needsVisibility || visible.containsKey(open.ticketId()))) {
                complete++;
            }
        }
        return complete;
    }

    /** Where the phase's tickets are, for the progress log: how many got how far. */
    public String progress(String phase) {
        Map<String, Opened> openedByCustomer = openedByCustomer();
        int accepted = 0;
        int open = 0;
        int sla = 0;
        int acknowledged = 0;
        int seen = 0;
        List<Submission> phaseSubmissions = submissions(phase);
        for (Submission submission : phaseSubmissions) {
            accepted += submission.acceptedNanos != 0 ? 1 : 0;
            acknowledged += acknowledgements.containsKey(submission.customer) ? 1 : 0;
            Opened event = openedByCustomer.get(submission.customer);
            if (event != null) {
                open++;
                sla += slaTargetsSet.containsKey(event.ticketId()) ? 1 : 0;
                seen += visible.containsKey(event.ticketId()) ? 1 : 0;
            }
        }
        return String.format(
                "%d submitted, %d accepted, %d opened, %d with SLA targets, %d acknowledged, %d in the staff view",
                phaseSubmissions.size(), accepted, open, sla, acknowledged, seen);
    }

    /** The first {@code TicketOpened} of each customer. */
    Map<String, Opened> openedByCustomer() {
        Map<String, Opened> byCustomer = new HashMap<>();
        for (Opened event : opened) {
            byCustomer.putIfAbsent(event.customer(), event);
        }
        return byCustomer;
    }
}
