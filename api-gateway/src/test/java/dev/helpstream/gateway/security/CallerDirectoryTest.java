package dev.helpstream.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.config.Agent;
import dev.helpstream.schema.config.AgentRole;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.serde.SingleObjectAvroSerdes;
import dev.helpstream.support.config.ConfigEntities;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerDirectoryTest {

    static {
        // Avro 1.12 builds records only from trusted classes; the serdes register Helpstream's.
        SingleObjectAvroSerdes.instance();
    }

    private static final ConfigEntities DEPARTMENTS = ConfigEntities.of(List.of(
            department("support", true, "ana"),
            department("billing", true),
            department("sales", true, "bea"),
            department("legacy", false, "ana")));

    @Test
    void shouldPutASupportTeamAgentInTheDepartmentsThatListThemAndTheyList() {
        Agent ana = agent(List.of("billing"), true, true);

        assertThat(CallerDirectory.departmentsOf("ana", ana, DEPARTMENTS)).isEqualTo(Set.of("support", "billing"));
    }

    @Test
    void shouldIgnoreInactiveAndUnknownDepartments() {
        Agent ana = agent(List.of("legacy", "gone"), true, true);

        assertThat(CallerDirectory.departmentsOf("ana", ana, DEPARTMENTS)).isEqualTo(Set.of("support"));
    }

    @Test
    void shouldLetAManagerOffTheSupportTeamSeeOnlyTheDepartmentsTheyList() {
        Agent manager = agent(List.of("billing"), false, true);

        assertThat(CallerDirectory.departmentsOf("ana", manager, DEPARTMENTS)).isEqualTo(Set.of("billing"));
    }

    @Test
    void shouldGiveAnInactiveAgentNoDepartment() {
        Agent gone = agent(List.of("billing"), true, false);

        assertThat(CallerDirectory.departmentsOf("ana", gone, DEPARTMENTS)).isEmpty();
    }

    @Test
    void shouldMakeAnAdminRoleAnAdminCallerWithTheAgentsContactDetails() {
        Agent admin = Agent.newBuilder(agent(List.of(), true, true))
                .setRole(AgentRole.ADMIN)
                .build();

        assertThat(CallerDirectory.staffCaller("boss", admin, DEPARTMENTS))
                .isEqualTo(
                        new Caller(Caller.Kind.ADMIN, "boss", "Someone", "someone@helpdesk.test", Set.of(), Set.of()));
    }

    @Test
    void shouldNormalizeACustomersAddressIntoEveryField() {
        assertThat(CallerDirectory.customer(" Clara@Example.TEST "))
                .isEqualTo(new Caller(
                        Caller.Kind.CUSTOMER,
                        "clara@example.test",
                        "clara@example.test",
                        "clara@example.test",
                        Set.of(),
                        Set.of()));
    }

    @Test
    void shouldHashKeysAsTheIngestServiceDoes() {
        // sha256sum of the bytes "hs_demo_integrator_key", computed outside Java.
        assertThat(CallerDirectory.sha256Hex("hs_demo_integrator_key"))
                .isEqualTo("6833d9f9811c7bc59d030ac59b4e806c30554a753f5febaee572701fea0baaf3");
    }

    private static Agent agent(List<String> departments, boolean supportTeam, boolean active) {
        return Agent.newBuilder()
                .setUsername("someone")
                .setDisplayName("Someone")
                .setEmail("someone@helpdesk.test")
                .setDepartmentIds(departments)
                .setSupportTeam(supportTeam)
                .setActive(active)
                .build();
    }

    private static ConfigEntity department(String id, boolean active, String... agentIds) {
        return ConfigEntity.newBuilder()
                .setEntityType(ConfigEntityType.DEPARTMENT)
                .setId(id)
                .setRevision(1)
                .setUpdatedAt(Instant.parse("2026-03-01T09:30:00Z"))
                .setUpdatedBy(new Actor(ActorKind.SYSTEM, "test", null, null))
                .setPayload(Department.newBuilder()
                        .setName(id)
                        .setAgentIds(List.of(agentIds))
                        .setActive(active)
                        .build())
                .build();
    }
}
