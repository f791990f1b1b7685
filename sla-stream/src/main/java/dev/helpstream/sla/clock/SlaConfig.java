package dev.helpstream.sla.clock;

import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.config.BusinessCalendar;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.config.Priority;
import dev.helpstream.schema.config.SlaPolicy;
import dev.helpstream.schema.config.Status;
import dev.helpstream.schema.ids.ConfigKeys;
import dev.helpstream.support.config.ConfigEntities;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The part of the helpdesk configuration the clock engine reads: SLA policies (with their
 * revisions), business calendars, priority ranks, status lifecycles and the helpdesk settings.
 *
 * <p>Two lookups are enough to implement it: sla-stream reads its global store, the gateway's
 * what-if reads a {@link ConfigEntities} snapshot ({@link #of(ConfigEntities)}), possibly with a
 * draft policy laid over it. Invariant: answers depend only on the entities, never on their
 * insertion order ({@link #entities} returns them in id order).
 */
public interface SlaConfig {

    /** The live entity of this type and id, if any. */
    Optional<ConfigEntity> entity(ConfigEntityType type, String id);

    /** Every live entity of this type, in ascending id order. */
    List<ConfigEntity> entities(ConfigEntityType type);

    /** The configuration as one snapshot of {@code helpdesk.config.v1}. */
    static SlaConfig of(ConfigEntities snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        return new SlaConfig() {
            @Override
            public Optional<ConfigEntity> entity(ConfigEntityType type, String id) {
                return validId(id) ? snapshot.find(type, id) : Optional.empty();
            }

            @Override
            public List<ConfigEntity> entities(ConfigEntityType type) {
                return snapshot.all().stream()
                        .filter(entity -> entity.getEntityType() == type)
                        .toList();
            }
        };
    }

    /** Every SLA policy entity by id, in id order (enabled or not: selection filters). */
    default Map<String, ConfigEntity> policyEntities() {
        Map<String, ConfigEntity> policies = new LinkedHashMap<>();
        for (ConfigEntity entity : entities(ConfigEntityType.SLA_POLICY)) {
            if (entity.getPayload() instanceof SlaPolicy) {
                policies.put(entity.getId(), entity);
            }
        }
        return policies;
    }

    default Optional<BusinessCalendar> calendar(String id) {
        return payload(ConfigEntityType.BUSINESS_CALENDAR, id, BusinessCalendar.class);
    }

    /** The rank of a priority; an unknown priority ranks lowest. */
    default int priorityRank(String id) {
        return payload(ConfigEntityType.PRIORITY, id, Priority.class)
                .map(Priority::getRank)
                .orElse(Integer.MIN_VALUE);
    }

    /** The lifecycle state of a status, if the status is configured. */
    default Optional<LifecycleState> lifecycleOf(String statusId) {
        return payload(ConfigEntityType.STATUS, statusId, Status.class).map(Status::getLifecycle);
    }

    /** The helpdesk settings, or the schema defaults when none were saved. */
    default HelpdeskSettings settings() {
        return payload(ConfigEntityType.HELPDESK_SETTINGS, ConfigKeys.SETTINGS_ID, HelpdeskSettings.class)
                .orElseGet(() -> HelpdeskSettings.newBuilder().build());
    }

    private <T> Optional<T> payload(ConfigEntityType type, String id, Class<T> payloadType) {
        if (!validId(id)) {
            return Optional.empty();
        }
        return entity(type, id)
                .map(ConfigEntity::getPayload)
                .filter(payloadType::isInstance)
                .map(payloadType::cast);
    }

    /** Whether {@code id} can be part of a config key (non-blank, without ':'). */
    static boolean validId(String id) {
        return id != null && !id.isBlank() && id.indexOf(':') < 0;
    }
}
