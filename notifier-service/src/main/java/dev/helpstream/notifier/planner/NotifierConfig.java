package dev.helpstream.notifier.planner;

import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.config.Agent;
import dev.helpstream.schema.config.BusinessCalendar;
import dev.helpstream.schema.config.CannedResponse;
import dev.helpstream.schema.config.Category;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.config.EmailTemplate;
import dev.helpstream.schema.config.EmailTemplateKind;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.config.Priority;
import dev.helpstream.schema.config.SlaPolicy;
import dev.helpstream.schema.config.Status;
import dev.helpstream.schema.config.SupportAddress;
import dev.helpstream.schema.config.Webhook;
import dev.helpstream.schema.ids.ConfigKeys;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Typed reads of the helpdesk configuration from the global store mirroring {@code
 * helpdesk.config.v1}. Reads go to the store every time, so a change applies to the next record;
 * scans return entities in key order, so plans do not depend on the order admins saved things in.
 */
final class NotifierConfig {

    private final ReadOnlyKeyValueStore<String, ConfigEntity> store;

    NotifierConfig(ReadOnlyKeyValueStore<String, ConfigEntity> store) {
        this.store = store;
    }

    /** The helpdesk settings, or the schema defaults when none were saved. */
    HelpdeskSettings settings() {
        ConfigEntity entity = store.get(ConfigKeys.settings());
        return entity != null && entity.getPayload() instanceof HelpdeskSettings settings
                ? settings
                : HelpdeskSettings.newBuilder().build();
    }

    Optional<Department> department(String id) {
        return payload(ConfigEntityType.DEPARTMENT, id, Department.class);
    }

    Optional<CannedResponse> cannedResponse(String id) {
        return payload(ConfigEntityType.CANNED_RESPONSE, id, CannedResponse.class);
    }

    /** The agent, if configured (active or not). */
    Optional<Agent> agent(String id) {
        return payload(ConfigEntityType.AGENT, id, Agent.class);
    }

    /** The agent, if configured and active. */
    Optional<Agent> activeAgent(String id) {
        return agent(id).filter(Agent::getActive);
    }

    /** Every configured agent (active or not) by id, in id order. */
    Map<String, Agent> agents() {
        return all(ConfigEntityType.AGENT, Agent.class);
    }

    Optional<SlaPolicy> slaPolicy(String id) {
        return payload(ConfigEntityType.SLA_POLICY, id, SlaPolicy.class);
    }

    Optional<BusinessCalendar> calendar(String id) {
        return payload(ConfigEntityType.BUSINESS_CALENDAR, id, BusinessCalendar.class);
    }

    String departmentName(String id) {
        return department(id).map(Department::getName).orElse(id == null ? "" : id);
    }

    String statusName(String id) {
        return payload(ConfigEntityType.STATUS, id, Status.class)
                .map(Status::getName)
                .orElse(id == null ? "" : id);
    }

    String priorityName(String id) {
        return payload(ConfigEntityType.PRIORITY, id, Priority.class)
                .map(Priority::getName)
                .orElse(id == null ? "" : id);
    }

    String categoryName(String id) {
        return payload(ConfigEntityType.CATEGORY, id, Category.class)
                .map(Category::getName)
                .orElse(id == null ? "" : id);
    }

    /** The support address entity of {@code email} (its id is the lower-case address). */
    Optional<SupportAddress> supportAddress(String email) {
        return email == null || email.isBlank()
                ? Optional.empty()
                : payload(ConfigEntityType.SUPPORT_ADDRESS, normalized(email), SupportAddress.class);
    }

    /** Whether mail to {@code email} would come back to the helpdesk itself. */
    boolean isSupportAddress(String email) {
        if (email == null || email.isBlank()) {
            return false;
        }
        return supportAddress(email).isPresent()
                || all(ConfigEntityType.SUPPORT_ADDRESS, SupportAddress.class).values().stream()
                        .anyMatch(address -> address.getEmail().equalsIgnoreCase(email.strip()));
    }

    /** The first support address (by id) that routes to the department. */
    Optional<SupportAddress> firstSupportAddressOf(String departmentId) {
        return all(ConfigEntityType.SUPPORT_ADDRESS, SupportAddress.class).values().stream()
                .filter(address -> address.getDepartmentId().equals(departmentId))
                .findFirst();
    }

    /** The first support address by id, if any is configured. */
    Optional<SupportAddress> firstSupportAddress() {
        return all(ConfigEntityType.SUPPORT_ADDRESS, SupportAddress.class).values().stream()
                .findFirst();
    }

    /** Every webhook by id, in id order. */
    Map<String, Webhook> webhooks() {
        return all(ConfigEntityType.WEBHOOK, Webhook.class);
    }

    Optional<Webhook> webhook(String id) {
        return payload(ConfigEntityType.WEBHOOK, id, Webhook.class);
    }

    /**
     * The admin's template for the kind in the language (primary subtag, case-insensitive), the
     * first by id when several match. Matched by payload rather than by id, so the id convention
     * {@code KIND:language} is not needed to find it.
     */
    Optional<EmailTemplate> template(EmailTemplateKind kind, String language) {
        return all(ConfigEntityType.EMAIL_TEMPLATE, EmailTemplate.class).values().stream()
                .filter(template -> template.getKind() == kind
                        && Languages.primary(template.getLanguage()).equals(language))
                .findFirst();
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

    private <T> Map<String, T> all(ConfigEntityType type, Class<T> payloadType) {
        Map<String, T> found = new LinkedHashMap<>();
        try (KeyValueIterator<String, ConfigEntity> entities =
                store.prefixScan(type.name() + ":", new StringSerializer())) {
            while (entities.hasNext()) {
                ConfigEntity entity = entities.next().value;
                if (entity != null && payloadType.isInstance(entity.getPayload())) {
                    found.put(entity.getId(), payloadType.cast(entity.getPayload()));
                }
            }
        }
        return found;
    }

    private static String normalized(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }
}
