package dev.helpstream.routing.topology;

import dev.helpstream.routing.ticket.FilterEngine;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.config.Agent;
import dev.helpstream.schema.config.Category;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.config.Filter;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.config.Priority;
import dev.helpstream.schema.config.Status;
import dev.helpstream.schema.config.SupportAddress;
import dev.helpstream.schema.config.TicketType;
import dev.helpstream.schema.ids.ConfigKeys;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Typed reads of the helpdesk configuration, from the global store that mirrors {@code
 * helpdesk.config.v1}. Every read goes to the store, so a configuration change applies to the next
 * record processed, with no restart.
 */
final class HelpdeskConfig {

    /** Used when the configuration names no department at all. */
    static final String FALLBACK_DEPARTMENT = "general";

    static final String FALLBACK_PRIORITY = "normal";
    static final String FALLBACK_NEW_STATUS = "new";
    static final String FALLBACK_OPEN_STATUS = "open";

    private final ReadOnlyKeyValueStore<String, ConfigEntity> store;

    HelpdeskConfig(ReadOnlyKeyValueStore<String, ConfigEntity> store) {
        this.store = store;
    }

    /** The helpdesk settings, or the schema defaults when none were saved. */
    HelpdeskSettings settings() {
        ConfigEntity entity = store.get(ConfigKeys.settings());
        if (entity != null && entity.getPayload() instanceof HelpdeskSettings settings) {
            return settings;
        }
        return HelpdeskSettings.newBuilder().build();
    }

    Optional<Department> department(String id) {
        return payload(ConfigEntityType.DEPARTMENT, id, Department.class);
    }

    boolean departmentExists(String id) {
        return id != null && department(id).filter(Department::getActive).isPresent();
    }

    boolean priorityExists(String id) {
        return id != null
                && payload(ConfigEntityType.PRIORITY, id, Priority.class).isPresent();
    }

    Optional<Agent> agent(String id) {
        return payload(ConfigEntityType.AGENT, id, Agent.class).filter(Agent::getActive);
    }

    /**
     * Whether the agent belongs to the department's support team: an active support-team agent
     * listed by the department, or listing the department. A department nobody configured admits every active
     * agent, so a fresh helpdesk works before its teams are set up.
     */
    boolean isTeamMember(String agentId, String departmentId) {
        Optional<Agent> agent = agent(agentId);
        if (agent.isEmpty() || !agent.get().getSupportTeam()) {
            return false;
        }
        Optional<Department> department = department(departmentId);
        return department.isEmpty()
                || department.get().getAgentIds().contains(agentId)
                || agent.get().getDepartmentIds().contains(departmentId);
    }

    /** The lifecycle state of a status id: the configured status, else a built-in id named after a state. */
    Optional<LifecycleState> lifecycleOf(String statusId) {
        if (statusId == null) {
            return Optional.empty();
        }
        Optional<Status> configured =
                payload(ConfigEntityType.STATUS, statusId, Status.class).filter(Status::getActive);
        if (configured.isPresent()) {
            return Optional.of(configured.get().getLifecycle());
        }
        for (LifecycleState state : LifecycleState.values()) {
            if (state.name().equalsIgnoreCase(statusId)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }

    /** A category or type id is acceptable when it is configured (or cleared with null). */
    boolean categoryAcceptable(String id) {
        return id == null
                || payload(ConfigEntityType.CATEGORY, id, Category.class).isPresent();
    }

    boolean typeAcceptable(String id) {
        return id == null
                || payload(ConfigEntityType.TICKET_TYPE, id, TicketType.class).isPresent();
    }

    /** Every configured filter with its id (the engine orders them). */
    List<FilterEngine.Rule> filters() {
        List<FilterEngine.Rule> rules = new ArrayList<>();
        try (KeyValueIterator<String, ConfigEntity> all =
                store.prefixScan(ConfigEntityType.FILTER.name() + ":", new StringSerializer())) {
            while (all.hasNext()) {
                ConfigEntity entity = all.next().value;
                if (entity != null && entity.getPayload() instanceof Filter filter) {
                    rules.add(new FilterEngine.Rule(entity.getId(), filter));
                }
            }
        }
        return rules;
    }

    /** The support address entity for {@code email} (its id is the lower-case address). */
    Optional<SupportAddress> supportAddress(String email) {
        return email == null || email.isBlank()
                ? Optional.empty()
                : payload(
                        ConfigEntityType.SUPPORT_ADDRESS,
                        email.trim().toLowerCase(java.util.Locale.ROOT),
                        SupportAddress.class);
    }

    /** The department for new tickets that nothing else routed: the setting, else the first active one. */
    String defaultDepartmentId() {
        String configured = settings().getDefaultDepartmentId();
        if (departmentExists(configured)) {
            return configured;
        }
        return first(ConfigEntityType.DEPARTMENT, Department.class, Department::getActive)
                .map(ConfigEntity::getId)
                .orElse(FALLBACK_DEPARTMENT);
    }

    String defaultPriorityId() {
        String configured = settings().getDefaultPriorityId();
        return priorityExists(configured) ? configured : FALLBACK_PRIORITY;
    }

    /** The first active status (by order) mapped to {@code lifecycle}, or the fallback id. */
    String statusFor(LifecycleState lifecycle) {
        try (KeyValueIterator<String, ConfigEntity> all =
                store.prefixScan(ConfigEntityType.STATUS.name() + ":", new StringSerializer())) {
            String best = null;
            int bestOrder = Integer.MAX_VALUE;
            while (all.hasNext()) {
                KeyValue<String, ConfigEntity> next = all.next();
                if (next.value != null
                        && next.value.getPayload() instanceof Status status
                        && status.getActive()
                        && status.getLifecycle() == lifecycle
                        && status.getOrder() < bestOrder) {
                    best = next.value.getId();
                    bestOrder = status.getOrder();
                }
            }
            if (best != null) {
                return best;
            }
        }
        return switch (lifecycle) {
            case NEW -> FALLBACK_NEW_STATUS;
            case OPEN -> FALLBACK_OPEN_STATUS;
            default -> lifecycle.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private <T> Optional<T> payload(ConfigEntityType type, String id, Class<T> payloadType) {
        if (id == null || id.isBlank() || id.indexOf(':') >= 0) {
            return Optional.empty();
        }
        ConfigEntity entity = store.get(ConfigKeys.key(type, id));
        return entity != null && payloadType.isInstance(entity.getPayload())
                ? Optional.of(payloadType.cast(entity.getPayload()))
                : Optional.empty();
    }

    private <T> Optional<ConfigEntity> first(ConfigEntityType type, Class<T> payloadType, Predicate<T> filter) {
        try (KeyValueIterator<String, ConfigEntity> all = store.prefixScan(type.name() + ":", new StringSerializer())) {
            List<ConfigEntity> matching = new ArrayList<>();
            while (all.hasNext()) {
                ConfigEntity entity = all.next().value;
                if (entity != null
                        && payloadType.isInstance(entity.getPayload())
                        && filter.test(payloadType.cast(entity.getPayload()))) {
                    matching.add(entity);
                }
            }
            return matching.stream().min(Comparator.comparing(ConfigEntity::getId));
        }
    }
}
