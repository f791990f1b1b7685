package dev.helpstream.gateway.sla;

import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.SlaEventKind;
import dev.helpstream.schema.SlaMetric;
import dev.helpstream.schema.serde.SingleObjectAvroSerdes;
import java.time.Instant;

/**
 * Hand-built {@link SlaEvent}s as sla-stream writes them (see the issue 6 contract): every event is
 * of policy {@value #POLICY} revision 1, department {@code support}; ids are derived from the
 * ticket, kind, metric and instant like sla-stream's.
 */
public final class SlaEventFixtures {

    public static final String POLICY = "gold";

    static {
        // Avro fills record-typed defaults only for trusted classes; loading the serdes trusts
        // Helpstream's, as in the running gateway.
        SingleObjectAvroSerdes.instance();
    }

    private SlaEventFixtures() {}

    /** A target (re)started at {@code at}: due at {@code dueAt}, warned at {@code warnAt}. */
    public static SlaEvent targetsSet(String ticketId, SlaMetric metric, Instant at, Instant warnAt, Instant dueAt) {
        return builder(ticketId, SlaEventKind.TARGETS_SET, metric, at)
                .setDueAt(dueAt)
                .setWarnAt(warnAt)
                .setRemainingBusinessMillis(dueAt.toEpochMilli() - at.toEpochMilli())
                .setNote("policy \"Gold\" (order 1): department support")
                .build();
    }

    /** The warning of a target, at its warning instant. */
    public static SlaEvent warning(String ticketId, SlaMetric metric, Instant warnAt, Instant dueAt) {
        return builder(ticketId, SlaEventKind.WARNING, metric, warnAt)
                .setDueAt(dueAt)
                .setWarnAt(warnAt)
                .setRemainingBusinessMillis(dueAt.toEpochMilli() - warnAt.toEpochMilli())
                .build();
    }

    /** The breach of a target, at its due instant. */
    public static SlaEvent breach(String ticketId, SlaMetric metric, Instant warnAt, Instant dueAt) {
        return builder(ticketId, SlaEventKind.BREACH, metric, dueAt)
                .setDueAt(dueAt)
                .setWarnAt(warnAt)
                .setRemainingBusinessMillis(0L)
                .build();
    }

    /** A target met at {@code at}, with the time it had left (negative: late). */
    public static SlaEvent met(String ticketId, SlaMetric metric, Instant at, long remainingMillis) {
        return builder(ticketId, SlaEventKind.MET, metric, at)
                .setRemainingBusinessMillis(remainingMillis)
                .setElapsedBusinessMillis(60_000L)
                .build();
    }

    /** A policy-wide event (PAUSED, RESUMED, CLEARED, AUTO_CLOSE_DUE...) at {@code at}. */
    public static SlaEvent policyWide(String ticketId, SlaEventKind kind, Instant at) {
        return builder(ticketId, kind, null, at).build();
    }

    /** An event of any kind, filled like sla-stream fills it; the caller sets the rest. */
    public static SlaEvent.Builder builder(String ticketId, SlaEventKind kind, SlaMetric metric, Instant at) {
        return SlaEvent.newBuilder()
                .setEventId(ticketId + ":" + kind + ":" + metric + ":" + at.toEpochMilli())
                .setTicketId(ticketId)
                .setTicketNumber(Long.parseLong(ticketId.replaceAll("\\D", "")))
                .setOccurredAt(at)
                .setKind(kind)
                .setMetric(metric)
                .setPolicyId(
                        kind == SlaEventKind.AUTO_CLOSE_DUE || kind == SlaEventKind.REOPEN_WINDOW_EXPIRED
                                ? null
                                : POLICY)
                .setPolicyRevision(1L)
                .setDepartmentId("support");
    }
}
