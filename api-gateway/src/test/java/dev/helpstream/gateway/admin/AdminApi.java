package dev.helpstream.gateway.admin;

import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockAuthentication;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.springSecurity;

import dev.helpstream.gateway.ConfigWriter;
import dev.helpstream.gateway.security.Caller;
import dev.helpstream.gateway.web.ProblemHandling;
import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.config.Agent;
import dev.helpstream.schema.config.BusinessCalendar;
import dev.helpstream.schema.config.CannedResponse;
import dev.helpstream.schema.config.Category;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.config.Priority;
import dev.helpstream.schema.config.Service;
import dev.helpstream.schema.config.Status;
import dev.helpstream.schema.config.SupportAddress;
import dev.helpstream.schema.config.TicketType;
import dev.helpstream.schema.serde.SingleObjectAvroSerdes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.web.reactive.result.method.annotation.AuthenticationPrincipalArgumentResolver;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The admin API over an in-memory configuration, for the controller tests: the real controller,
 * service, validator, secrets and problem handling, a fixed clock, and callers authenticated the
 * way Spring Security hands them over ({@code @AuthenticationPrincipal Caller}).
 */
final class AdminApi {

    static final Instant NOW = Instant.parse("2026-03-02T09:30:00Z");
    static final Instant SEEDED = Instant.parse("2026-03-01T08:00:00Z");

    static final Caller ADMIN = new Caller(
            Caller.Kind.ADMIN, "root", "Root Admin", "root@helpdesk.test", Set.of("support", "billing"), Set.of());
    static final Caller AGENT =
            new Caller(Caller.Kind.AGENT, "ana", "Ana Agent", "ana@helpdesk.test", Set.of("support"), Set.of());
    static final Caller CONFIG_READER =
            new Caller(Caller.Kind.INTEGRATION, "reporting", "Reporting", null, Set.of(), Set.of("config:read"));
    static final Caller CONFIG_WRITER =
            new Caller(Caller.Kind.INTEGRATION, "terraform", "Terraform", null, Set.of(), Set.of("config:write"));

    static final String ANA_PASSWORD = "old password";

    /** The BCrypt hash of {@link #ANA_PASSWORD} the seeded agent has (cost 4: fast enough for tests). */
    static final String ANA_PASSWORD_HASH = new BCryptPasswordEncoder(4).encode(ANA_PASSWORD);

    final InMemoryConfigStore store = new InMemoryConfigStore();
    private final WebTestClient client;

    AdminApi(boolean allowLoopbackWebhooks) {
        SingleObjectAvroSerdes.instance();
        store.seed(seed());
        AdminService service = new AdminService(
                store,
                new AdminValidator(new AdminProperties(allowLoopbackWebhooks)),
                new Secrets(),
                Clock.fixed(NOW, ZoneOffset.UTC));
        client = WebTestClient.bindToController(new AdminController(service))
                .controllerAdvice(new ProblemHandling())
                .argumentResolvers(resolvers -> resolvers.addCustomResolver(
                        new AuthenticationPrincipalArgumentResolver(ReactiveAdapterRegistry.getSharedInstance())))
                .apply(springSecurity())
                .configureClient()
                .build();
    }

    AdminApi() {
        this(false);
    }

    WebTestClient as(Caller caller) {
        String role = caller.isAdmin() ? "ROLE_ADMIN" : "ROLE_" + caller.kind();
        return client.mutateWith(mockAuthentication(new TestingAuthenticationToken(caller, null, role)));
    }

    WebTestClient admin() {
        return as(ADMIN);
    }

    WebTestClient anonymous() {
        return client;
    }

    /**
     * The configuration the tests start from: departments support and billing, service hosting,
     * agent ana, priorities normal and urgent, statuses open and waiting, type incident, category
     * dns, calendar berlin, canned response thanks, support address support@helpdesk.test.
     */
    static List<ConfigEntity> seed() {
        List<ConfigEntity> seeded = new ArrayList<>();
        seeded.add(entity(
                "support",
                Department.newBuilder()
                        .setName("Technical support")
                        .setAgentIds(List.of("ana"))
                        .build()));
        seeded.add(entity("billing", Department.newBuilder().setName("Billing").build()));
        seeded.add(entity(
                "hosting",
                Service.newBuilder()
                        .setName("Web hosting")
                        .setDepartmentId("support")
                        .build()));
        seeded.add(entity(
                "ana",
                Agent.newBuilder()
                        .setUsername("ana")
                        .setDisplayName("Ana Agent")
                        .setEmail("ana@helpdesk.test")
                        .setDepartmentIds(List.of("support"))
                        .setPasswordHash(ANA_PASSWORD_HASH)
                        .build()));
        seeded.add(entity(
                "normal", Priority.newBuilder().setName("Normal").setRank(3).build()));
        seeded.add(entity(
                "urgent", Priority.newBuilder().setName("Urgent").setRank(5).build()));
        seeded.add(entity(
                "open",
                Status.newBuilder()
                        .setName("Open")
                        .setLifecycle(LifecycleState.OPEN)
                        .setOrder(1)
                        .build()));
        seeded.add(entity(
                "waiting",
                Status.newBuilder()
                        .setName("Waiting")
                        .setLifecycle(LifecycleState.WAITING_ON_CUSTOMER)
                        .setOrder(2)
                        .build()));
        seeded.add(
                entity("incident", TicketType.newBuilder().setName("Incident").build()));
        seeded.add(entity("dns", Category.newBuilder().setName("DNS").build()));
        seeded.add(entity(
                "berlin",
                BusinessCalendar.newBuilder()
                        .setName("Berlin")
                        .setTimeZoneId("Europe/Berlin")
                        .build()));
        seeded.add(entity(
                "thanks",
                CannedResponse.newBuilder()
                        .setTitle("Thanks")
                        .setText("Thank you!")
                        .build()));
        seeded.add(entity(
                "support@helpdesk.test",
                SupportAddress.newBuilder()
                        .setEmail("support@helpdesk.test")
                        .setDepartmentId("support")
                        .build()));
        return seeded;
    }

    static ConfigEntity entity(String id, SpecificRecord payload) {
        return ConfigEntity.newBuilder()
                .setEntityType(ConfigWriter.typeOf(payload))
                .setId(id)
                .setRevision(1)
                .setUpdatedAt(SEEDED)
                .setUpdatedBy(new Actor(ActorKind.SYSTEM, "seed", null, null))
                .setPayload(payload)
                .build();
    }
}
