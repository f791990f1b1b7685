package dev.helpstream.notifier.planner;

import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.SlaEventKind;
import dev.helpstream.schema.SlaMetric;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.config.BusinessCalendar;
import dev.helpstream.schema.config.SlaPolicy;
import dev.helpstream.schema.config.SlaTarget;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;

/**
 * What the SLA planners share: which {@link SlaEvent}s escalate (a {@code WARNING} or a {@code
 * BREACH}), the ticket they are about, and the words and times that describe them.
 *
 * <p>The ticket is the notifier's own context of it ({@code ticket-context}, co-partitioned with
 * {@code tickets.sla.v1}) with the department and assignee the SLA event names: sla-stream decided
 * on those, so the mail and the webhook speak of the same ticket state as the escalation.
 */
final class SlaEscalations {

    private static final DateTimeFormatter DUE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private SlaEscalations() {}

    /** Whether the event is an escalation: a warning or a breach of one target. */
    static boolean escalates(SlaEvent event) {
        return event != null && (event.getKind() == SlaEventKind.WARNING || event.getKind() == SlaEventKind.BREACH);
    }

    /**
     * The ticket an escalation is about, with the event's department and assignee; empty (logged at
     * debug) for a ticket the planner does not know, or one that is spam, deleted or merged away.
     */
    static Optional<Ticket> ticketOf(SlaEvent event, ReadOnlyKeyValueStore<String, Ticket> contexts, Logger log) {
        Ticket ticket = contexts.get(event.getTicketId());
        if (ticket == null) {
            log.debug(
                    "SLA event {} skipped: ticket {} is not known to the notifier",
                    event.getEventId(),
                    event.getTicketId());
            return Optional.empty();
        }
        if (ticket.getSpam() || ticket.getDeleted() || ticket.getMergedIntoTicketId() != null) {
            log.debug(
                    "SLA event {} skipped: ticket {} is spam, deleted or merged",
                    event.getEventId(),
                    event.getTicketId());
            return Optional.empty();
        }
        return Optional.of(Ticket.newBuilder(ticket)
                .setDepartmentId(event.getDepartmentId())
                .setAssigneeId(event.getAssigneeId())
                .build());
    }

    /** The policy's name, else its id, else "—". */
    static String policyName(NotifierConfig config, String policyId) {
        if (policyId == null || policyId.isBlank()) {
            return "—";
        }
        return config.slaPolicy(policyId).map(SlaPolicy::getName).orElse(policyId);
    }

    /**
     * The zone due times are shown in: the time zone of the policy's business calendar, else UTC
     * (a 24x7 policy, an unknown calendar or an invalid zone id).
     */
    static ZoneId zone(NotifierConfig config, String policyId) {
        Optional<String> zoneId = config.slaPolicy(policyId)
                .map(SlaPolicy::getCalendarId)
                .flatMap(config::calendar)
                .map(BusinessCalendar::getTimeZoneId);
        if (zoneId.isEmpty()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(zoneId.get());
        } catch (DateTimeException invalid) {
            return ZoneOffset.UTC;
        }
    }

    /** {@code 2025-03-03 14:30 (Europe/Paris)}; "—" when there is no instant. */
    static String due(Instant instant, ZoneId zone) {
        if (instant == null) {
            return "—";
        }
        String name = zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
        return DUE.format(instant.atZone(zone)) + " (" + name + ")";
    }

    /**
     * The target's status, for a {@code STATUS_REACHED} target: the event's, else the one of the
     * policy's first status target; null if neither names one.
     */
    static String targetStatusId(NotifierConfig config, SlaEvent event) {
        if (event.getTargetStatusId() != null) {
            return event.getTargetStatusId();
        }
        return config.slaPolicy(event.getPolicyId()).stream()
                .flatMap(policy -> policy.getTargets().stream())
                .filter(target -> target.getMetric() == SlaMetric.STATUS_REACHED)
                .map(SlaTarget::getStatusId)
                .filter(id -> id != null && !id.isBlank())
                .findFirst()
                .orElse(null);
    }

    /** The target in words, in the language ({@code en} or {@code fr}, else English). */
    static String metric(SlaMetric metric, String statusName, String language) {
        boolean french = "fr".equals(language);
        if (metric == null) {
            return french ? "objectif SLA" : "SLA target";
        }
        return switch (metric) {
            case FIRST_RESPONSE -> french ? "première réponse" : "first response";
            case NEXT_RESPONSE -> french ? "prochaine réponse" : "next response";
            case RESOLUTION -> french ? "résolution" : "resolution";
            case STATUS_REACHED ->
                statusName == null
                        ? (french ? "statut cible" : "target status")
                        : (french ? "statut « " + statusName + " »" : "status \"" + statusName + "\"");
            default -> french ? "objectif SLA" : "SLA target";
        };
    }

    /**
     * The business time left (positive) or past due (zero or negative) in words, in the language:
     * {@code 1 h 30 min left}, {@code overdue}, {@code overdue by 5 min}. Time left is rounded up to
     * the minute (30 seconds left is not "0 min left"), time past due down.
     */
    static String remaining(Long remainingMillis, String language) {
        boolean french = "fr".equals(language);
        if (remainingMillis == null) {
            return "—";
        }
        if (remainingMillis > 0) {
            long minutes = (remainingMillis + 59_999) / 60_000;
            return french ? "reste " + duration(minutes) : duration(minutes) + " left";
        }
        long minutes = -remainingMillis / 60_000;
        if (minutes == 0) {
            return french ? "en retard" : "overdue";
        }
        return french ? "en retard de " + duration(minutes) : "overdue by " + duration(minutes);
    }

    /** {@code 45 min}, {@code 3 h}, {@code 26 h 5 min}: business hours never make whole days. */
    static String duration(long minutes) {
        long hours = minutes / 60;
        long rest = minutes % 60;
        if (hours == 0) {
            return rest + " min";
        }
        return rest == 0 ? hours + " h" : hours + " h " + rest + " min";
    }

    /** The escalation's kind as the webhook payload names it: {@code warning} or {@code breach}. */
    static String kind(SlaEvent event) {
        return event.getKind().name().toLowerCase(Locale.ROOT);
    }

    /** The metric as the webhook payload names it: {@code first_response}, ..., or null. */
    static String metricKey(SlaMetric metric) {
        return metric == null ? null : metric.name().toLowerCase(Locale.ROOT);
    }
}
