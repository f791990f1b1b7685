package dev.helpstream.bench.verify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything the benchmark saw, as raw observations keyed by what identifies them where they were
 * seen: the tickets it submitted (by customer address, unique per ticket), the responses of the API
 * (ticket id), the {@code TicketOpened} events (ticket id and customer), the SLA targets set, the
 * staff stream's first sight of each ticket (or, for a ticket shown while the stream was being
 * opened again, a read confirming it) and every acknowledgement mail (recipient). Nothing is
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
    private final Set<String> confirmedVisible = ConcurrentHashMap.newKeySet();
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

    /**
     * A ticket the staff stream did not show, because it was being opened again, but that a read
     * from the gateway did: visible, with no time of its own.
     */
    public void confirmedVisible(String ticketId) {
        confirmedVisible.add(ticketId);
    }

    /** How many tickets were confirmed visible by a read instead of shown by the stream. */
    public int confirmedVisibleCount() {
        return confirmedVisible.size();
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

    Set<String> confirmedVisible() {
        return confirmedVisible;
    }

    Map<String, List<Long>> acknowledgements() {
        return acknowledgements;
    }

    private boolean seen(String ticketId) {
        return visible.containsKey(ticketId) || confirmedVisible.contains(ticketId);
    }

    /**
     * The phase's tickets through the whole pipeline but for the staff view: the ones to read from
     * the gateway after the staff stream was opened again ({@link #confirmedVisible}).
     */
    public List<String> unseen(String phase) {
        Map<String, Opened> openedByCustomer = openedByCustomer();
        List<String> unseen = new ArrayList<>();
        for (Submission submission : submissions(phase)) {
            Opened open = openedByCustomer.get(submission.customer);
            if (open != null
                    && slaTargetsSet.containsKey(open.ticketId())
                    && acknowledgements.containsKey(submission.customer)
                    && !seen(open.ticketId())) {
                unseen.add(open.ticketId());
            }
        }
        return unseen;
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
                    && (!needsVisibility || seen(open.ticketId()))) {
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
                seen += seen(event.ticketId()) ? 1 : 0;
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
