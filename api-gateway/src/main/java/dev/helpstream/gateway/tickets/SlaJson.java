package dev.helpstream.gateway.tickets;

import dev.helpstream.gateway.sla.SlaClock;
import dev.helpstream.gateway.sla.SlaSummary;
import dev.helpstream.gateway.sla.SlaSummary.Target;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How a ticket's SLA looks to staff (customers never see it): the whole block on the ticket, and
 * the next due target on list rows. {@code remainingBusinessMillis} is computed at request time
 * from the clock: business time of the policy's calendar when the target counts business time
 * ({@code businessTime: true}), wall-clock time otherwise; frozen while the clocks are paused, once
 * met and once cleared; negative once overdue. A closed ticket keeps what its targets came to (met,
 * or breached and cleared) as history.
 *
 * <pre>{@code
 * "sla": {"policyId": "gold", "policyName": "Gold", "policyRevision": 2, "paused": false, "late": true,
 *         "targets": [{"metric": "FIRST_RESPONSE", "state": "breached", "dueAt": "...", "warnAt": "...",
 *                      "warnedAt": "...", "breachedAt": "...", "metAt": null, "metLate": null, "pausedAt": null,
 *                      "clearedAt": null, "targetStatusId": null, "businessTime": true,
 *                      "remainingBusinessMillis": -60000}]}
 * "sla": {"metric": "RESOLUTION", "state": "running", "dueAt": "...", "remainingBusinessMillis": 5400000,
 *         "late": false}
 * }</pre>
 */
@Component
class SlaJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final SlaClock policies;
    private final Clock clock;

    SlaJson(SlaClock policies, Clock clock) {
        this.policies = policies;
        this.clock = clock;
    }

    /** The ticket's SLA block; JSON null when no policy applies. */
    JsonNode detail(Optional<SlaSummary> sla) {
        if (sla.isEmpty()) {
            return NullNode.getInstance();
        }
        SlaSummary summary = sla.get();
        Instant now = clock.instant();
        ObjectNode json = NODES.objectNode();
        json.put("policyId", summary.policyId());
        json.put("policyName", policies.policyName(summary.policyId()).orElse(null));
        json.put("policyRevision", summary.policyRevision());
        json.put("paused", summary.paused());
        json.put("late", summary.late());
        ArrayNode targets = json.putArray("targets");
        for (Target target : summary.targets()) {
            ObjectNode entry = targets.addObject();
            entry.put("metric", target.metric().name());
            entry.put("state", target.state().json());
            entry.put("dueAt", text(target.dueAt()));
            entry.put("warnAt", text(target.warnAt()));
            entry.put("warnedAt", text(target.warnedAt()));
            entry.put("breachedAt", text(target.breachedAt()));
            entry.put("metAt", text(target.metAt()));
            entry.put("metLate", target.metAt() == null ? null : target.metLate());
            entry.put("pausedAt", text(target.pausedAt()));
            entry.put("clearedAt", text(target.clearedAt()));
            entry.put("targetStatusId", target.targetStatusId());
            entry.put(
                    "businessTime",
                    policies.countsBusinessTime(summary.policyId(), target.metric(), target.targetStatusId()));
            entry.put(
                    "remainingBusinessMillis",
                    target.remainingMillis(summary.policyId(), now, policies).orElse(null));
        }
        return json;
    }

    /** The next due target of a list row; JSON null when no policy applies or every target is met. */
    JsonNode nextDue(Optional<SlaSummary> sla) {
        Optional<Target> next = sla.flatMap(SlaSummary::nextDue);
        if (next.isEmpty()) {
            return NullNode.getInstance();
        }
        Target target = next.get();
        ObjectNode json = NODES.objectNode();
        json.put("metric", target.metric().name());
        json.put("state", target.state().json());
        json.put("dueAt", text(target.dueAt()));
        json.put(
                "remainingBusinessMillis",
                target.remainingMillis(sla.get().policyId(), clock.instant(), policies)
                        .orElse(null));
        json.put("late", sla.get().late());
        return json;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
