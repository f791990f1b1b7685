package dev.helpstream.gateway;

import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.mapping;
import static java.util.stream.Collectors.toList;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.config.Agent;
import dev.helpstream.schema.config.AgentRole;
import dev.helpstream.schema.config.ApiKey;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.config.Filter;
import dev.helpstream.schema.config.FilterAction;
import dev.helpstream.schema.config.FilterActionKind;
import dev.helpstream.schema.config.FilterCondition;
import dev.helpstream.schema.config.FilterField;
import dev.helpstream.schema.config.FilterMatch;
import dev.helpstream.schema.config.FilterOperator;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.config.Priority;
import dev.helpstream.schema.config.Service;
import dev.helpstream.schema.config.Status;
import dev.helpstream.schema.config.SupportAddress;
import dev.helpstream.schema.ids.ConfigKeys;
import dev.helpstream.schema.topic.Topics;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** The demo set, entity by entity: exact ids, keys, values and the order it is written in. */
class DemoDataTest {

    private static final Instant NOW = Instant.parse("2026-03-01T09:30:00Z");

    /**
     * The catalogue's serde, created before any entity: Avro only fills record defaults (settings'
     * customer notifications) for classes its serdes trusted, as it is in the gateway at startup.
     */
    private static final Serde<ConfigEntity> SERDE = Topics.CONFIG.valueSerde();

    private final List<ConfigEntity> demo = DemoData.entities(NOW);

    @Test
    void shouldHoldExactlyTheseIdsPerEntityType() {
        Map<ConfigEntityType, List<String>> ids = demo.stream()
                .collect(groupingBy(
                        ConfigEntity::getEntityType, LinkedHashMap::new, mapping(ConfigEntity::getId, toList())));

        assertThat(ids)
                .containsExactly(
                        Map.entry(ConfigEntityType.HELPDESK_SETTINGS, List.of("helpdesk")),
                        Map.entry(ConfigEntityType.DEPARTMENT, List.of("support", "billing", "sales")),
                        Map.entry(ConfigEntityType.SERVICE, List.of("hosting", "domains", "invoices")),
                        Map.entry(ConfigEntityType.AGENT, List.of("ana", "bea", "carl", "admin")),
                        Map.entry(ConfigEntityType.PRIORITY, List.of("low", "normal", "high", "urgent")),
                        Map.entry(ConfigEntityType.CATEGORY, List.of("outage", "billing-question", "dns", "email")),
                        Map.entry(ConfigEntityType.TICKET_TYPE, List.of("incident", "question", "request")),
                        Map.entry(ConfigEntityType.STATUS, List.of("new", "open", "waiting", "resolved", "closed")),
                        Map.entry(
                                ConfigEntityType.SUPPORT_ADDRESS,
                                List.of("support@helpdesk.test", "billing@helpdesk.test", "sales@helpdesk.test")),
                        Map.entry(ConfigEntityType.BUSINESS_CALENDAR, List.of("office-hours")),
                        Map.entry(ConfigEntityType.SLA_POLICY, List.of("urgent", "standard")),
                        Map.entry(ConfigEntityType.CANNED_RESPONSE, List.of("thanks", "need-details", "invoice-copy")),
                        Map.entry(ConfigEntityType.FILTER, List.of("10-outage", "90-noise")),
                        Map.entry(ConfigEntityType.API_KEY, List.of("demo-integrator")));
        assertThat(demo).hasSize(39);
    }

    @Test
    void shouldKeySettingsFirstAndEveryEntityByItsOwnTypeAndId() {
        assertThat(ConfigWriter.keyOf(demo.get(0))).isEqualTo(ConfigKeys.settings());
        for (ConfigEntity entity : demo) {
            assertThat(ConfigWriter.keyOf(entity)).isEqualTo(ConfigKeys.key(entity.getEntityType(), entity.getId()));
            assertThat(ConfigWriter.typeOf(entity.getPayload())).isEqualTo(entity.getEntityType());
        }
        assertThat(demo.stream().map(ConfigWriter::keyOf).distinct()).hasSize(demo.size());
    }

    @Test
    void shouldBeRevisionOneBySystemDemoAtTheGivenInstantAndTheSameAtEveryCall() {
        assertThat(demo).allSatisfy(entity -> {
            assertThat(entity.getRevision()).isEqualTo(1L);
            assertThat(entity.getUpdatedAt()).isEqualTo(NOW);
            assertThat(entity.getUpdatedBy().getKind()).isEqualTo(ActorKind.SYSTEM);
            assertThat(entity.getUpdatedBy().getId()).isEqualTo("demo");
        });
        assertThat(DemoData.entities(NOW)).isEqualTo(demo);
    }

    @Test
    void shouldEncodeAndDecodeEveryEntityWithTheCatalogueSerde() {
        for (ConfigEntity entity : demo) {
            byte[] bytes = SERDE.serializer().serialize(Topics.CONFIG.name(), entity);
            assertThat(SERDE.deserializer().deserialize(Topics.CONFIG.name(), bytes))
                    .isEqualTo(entity);
        }
    }

    @Test
    void shouldConfigureTheHelpdeskSettings() {
        HelpdeskSettings settings = payload(ConfigEntityType.HELPDESK_SETTINGS, "helpdesk");

        assertThat(settings.getHelpdeskName()).isEqualTo("Helpstream demo");
        assertThat(settings.getReopenWindowDays()).isEqualTo(7);
        assertThat(settings.getAutoCloseInactiveDays()).isEqualTo(14);
        assertThat(settings.getMaxAttachmentBytes()).isEqualTo(10_485_760L);
        assertThat(settings.getAllowedAttachmentExtensions())
                .containsExactly("jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx");
        assertThat(settings.getDefaultDepartmentId()).isEqualTo("support");
        assertThat(settings.getDefaultPriorityId()).isEqualTo("normal");
        assertThat(settings.getSenderCapPerDay()).isEqualTo(40);
    }

    @Test
    void shouldStaffTheDepartmentsAndGiveEveryAgentTheDemoPassword() {
        Department support = payload(ConfigEntityType.DEPARTMENT, "support");
        assertThat(support.getName()).isEqualTo("Technical support");
        assertThat(support.getEmail()).isEqualTo("support@helpdesk.test");
        assertThat(support.getSignature()).isNotBlank();
        assertThat(support.getAgentIds()).containsExactly("ana", "carl");
        assertThat(support.getNotifyAgentIds()).containsExactly("ana");
        assertThat(this.<Department>payload(ConfigEntityType.DEPARTMENT, "billing")
                        .getAgentIds())
                .containsExactly("bea");
        assertThat(this.<Department>payload(ConfigEntityType.DEPARTMENT, "sales")
                        .getAgentIds())
                .containsExactly("bea", "carl");

        Map<String, List<String>> departmentsOfAgent = payloads(ConfigEntityType.AGENT).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, agent -> ((Agent) agent.getValue()).getDepartmentIds()));
        assertThat(departmentsOfAgent)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "ana", List.of("support"),
                        "bea", List.of("billing", "sales"),
                        "carl", List.of("support", "sales"),
                        "admin", List.of("support", "billing", "sales")));
        Agent ana = payload(ConfigEntityType.AGENT, "ana");
        assertThat(ana.getDisplayName()).isEqualTo("Ana Agent");
        assertThat(ana.getEmail()).isEqualTo("ana@helpdesk.test");
        assertThat(ana.getRole()).isEqualTo(AgentRole.AGENT);
        assertThat(this.<Agent>payload(ConfigEntityType.AGENT, "admin").getRole())
                .isEqualTo(AgentRole.ADMIN);
        assertThat(payloads(ConfigEntityType.AGENT).values())
                .allSatisfy(agent -> assertThat(BCrypt.checkpw("demo", ((Agent) agent).getPasswordHash()))
                        .isTrue());

        assertThat(payloads(ConfigEntityType.SERVICE).entrySet().stream()
                        .collect(Collectors.toMap(
                                Map.Entry::getKey, service -> ((Service) service.getValue()).getDepartmentId())))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("hosting", "support", "domains", "support", "invoices", "billing"));
        assertThat(payloads(ConfigEntityType.SUPPORT_ADDRESS).values().stream()
                        .map(SupportAddress.class::cast)
                        .collect(Collectors.toMap(SupportAddress::getEmail, SupportAddress::getDepartmentId)))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "support@helpdesk.test", "support",
                        "billing@helpdesk.test", "billing",
                        "sales@helpdesk.test", "sales"));
    }

    @Test
    void shouldRankPrioritiesAndOrderStatusesByLifecycle() {
        assertThat(payloads(ConfigEntityType.PRIORITY).entrySet().stream()
                        .collect(Collectors.toMap(
                                Map.Entry::getKey, priority -> ((Priority) priority.getValue()).getRank())))
                .containsExactlyInAnyOrderEntriesOf(Map.of("low", 1, "normal", 2, "high", 3, "urgent", 4));
        assertThat(payloads(ConfigEntityType.STATUS).values().stream()
                        .map(Status.class::cast)
                        .map(status -> status.getOrder() + ":" + status.getLifecycle()))
                .containsExactly(
                        "1:" + LifecycleState.NEW,
                        "2:" + LifecycleState.OPEN,
                        "3:" + LifecycleState.WAITING_ON_CUSTOMER,
                        "4:" + LifecycleState.RESOLVED,
                        "5:" + LifecycleState.CLOSED);
    }

    @Test
    void shouldMakeOutagesUrgentAndRejectBounces() {
        Filter outage = payload(ConfigEntityType.FILTER, "10-outage");
        assertThat(outage.getOrder()).isEqualTo(10);
        assertThat(outage.getEnabled()).isTrue();
        assertThat(outage.getMatch()).isEqualTo(FilterMatch.ANY);
        assertThat(outage.getConditions())
                .containsExactly(
                        new FilterCondition(FilterField.SUBJECT, FilterOperator.CONTAINS, "outage", false),
                        new FilterCondition(FilterField.SUBJECT, FilterOperator.CONTAINS, "down", false));
        assertThat(outage.getActions())
                .containsExactly(
                        new FilterAction(FilterActionKind.SET_PRIORITY, "urgent"),
                        new FilterAction(FilterActionKind.SET_CATEGORY, "outage"),
                        new FilterAction(FilterActionKind.ADD_TAG, "outage"));
        assertThat(outage.getStopProcessing()).isFalse();

        Filter noise = payload(ConfigEntityType.FILTER, "90-noise");
        assertThat(noise.getOrder()).isEqualTo(90);
        assertThat(noise.getMatch()).isEqualTo(FilterMatch.ALL);
        assertThat(noise.getConditions())
                .containsExactly(new FilterCondition(
                        FilterField.SENDER_ADDRESS, FilterOperator.STARTS_WITH, "mailer-daemon@", false));
        assertThat(noise.getActions()).containsExactly(new FilterAction(FilterActionKind.REJECT, null));
        assertThat(noise.getStopProcessing()).isTrue();
    }

    @Test
    void shouldStoreOnlyTheSha256OfTheDemoIntegratorKeyWithTheTicketScopes() {
        ApiKey key = payload(ConfigEntityType.API_KEY, "demo-integrator");

        // sha256sum of the bytes "hs_demo_integrator_key", computed outside Java.
        assertThat(key.getKeyHash()).isEqualTo("6833d9f9811c7bc59d030ac59b4e806c30554a753f5febaee572701fea0baaf3");
        assertThat(key.getScopes()).containsExactly("tickets:create", "tickets:read", "tickets:write");
        assertThat(key.getEnabled()).isTrue();
        assertThat(key.getExpiresAt()).isNull();
    }

    @SuppressWarnings("unchecked")
    private <T> T payload(ConfigEntityType type, String id) {
        return (T) demo.stream()
                .filter(entity ->
                        entity.getEntityType() == type && entity.getId().equals(id))
                .findFirst()
                .orElseThrow()
                .getPayload();
    }

    private Map<String, Object> payloads(ConfigEntityType type) {
        return demo.stream()
                .filter(entity -> entity.getEntityType() == type)
                .collect(Collectors.toMap(
                        ConfigEntity::getId, ConfigEntity::getPayload, (a, b) -> a, LinkedHashMap::new));
    }
}
