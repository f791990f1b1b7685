package dev.helpstream.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockAuthentication;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.springSecurity;

import dev.helpstream.gateway.security.Caller;
import dev.helpstream.gateway.web.ProblemHandling;
import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.DeliveryChannel;
import dev.helpstream.schema.DeliveryRecord;
import dev.helpstream.schema.DeliveryStatus;
import dev.helpstream.schema.WebhookTestRequest;
import dev.helpstream.schema.config.Webhook;
import dev.helpstream.schema.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.web.reactive.result.method.annotation.AuthenticationPrincipalArgumentResolver;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Who may read the delivery lists and ask for a test event, checked by the controller itself (the
 * security chain's URL rules are the first lock): over an in-memory configuration with the webhook
 * {@code ops}, a delivery log fed directly and the test requests caught by Kafka's {@code
 * MockProducer}: no request here reaches a broker ({@code AdminApiIT} does).
 */
class DeliveryControllerTest {

    private static final String BASE = AdminController.BASE;

    private final DeliveryLog log = new DeliveryLog(
            "localhost:9",
            new DeliveryLogProperties(Duration.ofDays(7), 200, 100),
            Clock.fixed(AdminApi.NOW, ZoneOffset.UTC));
    private final MockProducer<String, WebhookTestRequest> producer = new MockProducer<>(
            true,
            null,
            Topics.WEBHOOK_TESTS.keySerde().serializer(),
            Topics.WEBHOOK_TESTS.valueSerde().serializer());
    private final WebhookTestRequests tests = new WebhookTestRequests(producer);
    private final WebTestClient client;

    DeliveryControllerTest() {
        InMemoryConfigStore store = new InMemoryConfigStore();
        List<dev.helpstream.schema.ConfigEntity> seeded = new ArrayList<>(AdminApi.seed());
        seeded.add(AdminApi.entity(
                "ops",
                Webhook.newBuilder()
                        .setName("Ops")
                        .setUrl("https://hooks.example.com/ops")
                        .setSecretRef("ops")
                        .build()));
        store.seed(seeded);
        AdminService admin = new AdminService(
                store,
                new AdminValidator(new AdminProperties(false)),
                new Secrets(),
                Clock.fixed(AdminApi.NOW, ZoneOffset.UTC));
        client = WebTestClient.bindToController(
                        new DeliveryController(admin, log, tests, Clock.fixed(AdminApi.NOW, ZoneOffset.UTC)))
                .controllerAdvice(new ProblemHandling())
                .argumentResolvers(resolvers -> resolvers.addCustomResolver(
                        new AuthenticationPrincipalArgumentResolver(ReactiveAdapterRegistry.getSharedInstance())))
                .apply(springSecurity())
                .configureClient()
                .build();
        log.add(
                "ops",
                DeliveryRecord.newBuilder()
                        .setDeliveryId("d1")
                        .setEventId("e1")
                        .setChannel(DeliveryChannel.WEBHOOK)
                        .setTarget("https://hooks.example.com/ops")
                        .setStatus(DeliveryStatus.DELIVERED)
                        .setAttempt(1)
                        .setAt(AdminApi.NOW)
                        .build());
    }

    @AfterEach
    void closeTheProducer() {
        tests.destroy();
    }

    @Test
    void shouldLetAdminsAndConfigReadersReadTheDeliveryLists() {
        for (Caller caller : List.of(AdminApi.ADMIN, AdminApi.CONFIG_READER, AdminApi.CONFIG_WRITER)) {
            as(caller)
                    .get()
                    .uri(BASE + "/webhooks/ops/deliveries")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.items[0].deliveryId")
                    .isEqualTo("d1")
                    .jsonPath("$.caughtUp")
                    .isEqualTo(false);
            as(caller)
                    .get()
                    .uri(BASE + "/deliveries?ticketId=T-1")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .json("{\"ticketId\":\"T-1\",\"caughtUp\":false,\"items\":[]}", true);
        }
    }

    @Test
    void shouldKeepAgentsAndAnonymousCallersOut() {
        for (String uri : List.of(BASE + "/webhooks/ops/deliveries", BASE + "/deliveries?ticketId=T-1")) {
            client.get().uri(uri).exchange().expectStatus().isUnauthorized();
            as(AdminApi.AGENT)
                    .get()
                    .uri(uri)
                    .exchange()
                    .expectStatus()
                    .isForbidden()
                    .expectBody()
                    .jsonPath("$.detail")
                    .isEqualTo("Reading the configuration needs an admin or the scope config:read.");
        }
    }

    @Test
    void shouldLetOnlyAdminsAndConfigWritersAskForATestEvent() {
        client.post().uri(BASE + "/webhooks/ops/test").exchange().expectStatus().isUnauthorized();
        for (Caller caller : List.of(AdminApi.AGENT, AdminApi.CONFIG_READER)) {
            as(caller)
                    .post()
                    .uri(BASE + "/webhooks/ops/test")
                    .exchange()
                    .expectStatus()
                    .isForbidden()
                    .expectBody()
                    .jsonPath("$.detail")
                    .isEqualTo("Changing the configuration needs an admin or the scope config:write.");
        }
    }

    @Test
    void shouldWriteTheTestRequestOfAConfigWriterAsItsActor() {
        String requestId = as(AdminApi.CONFIG_WRITER)
                .post()
                .uri(BASE + "/webhooks/ops/test")
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectHeader()
                .location(BASE + "/webhooks/ops/deliveries")
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("requestId")
                .stringValue();

        assertThat(producer.history()).hasSize(1);
        ProducerRecord<String, WebhookTestRequest> written = producer.history().get(0);
        assertThat(written.topic()).isEqualTo("notifications.webhook-tests.v1");
        assertThat(written.key()).isEqualTo("ops");
        assertThat(written.value())
                .isEqualTo(new WebhookTestRequest(
                        requestId,
                        "ops",
                        AdminApi.NOW,
                        new Actor(ActorKind.INTEGRATION, "terraform", "Terraform", null)));
    }

    private WebTestClient as(Caller caller) {
        String role = caller.isAdmin() ? "ROLE_ADMIN" : "ROLE_" + caller.kind();
        return client.mutateWith(mockAuthentication(new TestingAuthenticationToken(caller, null, role)));
    }
}
