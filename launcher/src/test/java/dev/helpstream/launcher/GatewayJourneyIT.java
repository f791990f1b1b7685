package dev.helpstream.launcher;

import static dev.helpstream.launcher.GatewayCalls.call;
import static dev.helpstream.launcher.GatewayCalls.get;
import static dev.helpstream.launcher.GatewayCalls.login;
import static dev.helpstream.launcher.GatewayCalls.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.helpstream.gateway.ApiGatewayApplication;
import dev.helpstream.kafka.embedded.ClusterProbe;
import dev.helpstream.kafka.embedded.EmbeddedKafkaCluster;
import dev.helpstream.schema.PortalAccessLink;
import dev.helpstream.schema.topic.Topics;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's promise end to end, on the real broker with every service of the one-command
 * start: a customer opens a ticket in the portal, it shows in the department's open view and in
 * search, an agent captures it, notes, replies with a canned response and closes on reply, the
 * customer sees the reply but not the note, cannot reply once closed and reopens within the
 * window — and the live streams delivered each change. A second gateway instance against the same
 * cluster serves the same views, takes commands, and sees who is on a ticket.
 */
class GatewayJourneyIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE =
            new ParameterizedTypeReference<>() {};

    @TempDir
    static Path dataDirectory;

    private static ConfigurableApplicationContext launcher;
    private static ConfigurableApplicationContext secondGateway;
    private static String bootstrap;
    private static String gateway;
    private static String gateway2;
    private static final List<Disposable> streams = new ArrayList<>();

    @BeforeAll
    static void start() {
        launcher = TestLauncher.start(dataDirectory);
        bootstrap = launcher.getBean(EmbeddedKafkaCluster.class).bootstrapServers();
        gateway = TestLauncher.endpoint(launcher, "api-gateway");
        secondGateway = ApiGatewayApplication.builder()
                .registerShutdownHook(false)
                .run(
                        "--server.port=0",
                        "--helpstream.kafka.bootstrap-servers=" + bootstrap,
                        "--helpstream.blobs.directory=" + dataDirectory.resolve("blobs"));
        gateway2 = "http://localhost:" + secondGateway.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stop() {
        streams.forEach(Disposable::dispose);
        if (secondGateway != null) {
            secondGateway.close();
        }
        if (launcher != null) {
            launcher.close();
        }
    }

    @Test
    void shouldCarryACustomersTicketThroughTheAgentsWorkAndBackWithEveryChangeStreamed() throws Exception {
        String customer = customerToken(gateway, "olivia@example.com");
        String ana = login(gateway, "ana");
        List<ServerSentEvent<String>> customerEvents = subscribe(gateway, "/api/v1/portal/stream", customer);
        List<ServerSentEvent<String>> viewEvents =
                subscribe(gateway, "/api/v1/staff/stream?view=open&department=support", ana);

        JsonNode created = call(gateway, customer)
                .post()
                .uri("/api/v1/portal/tickets")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "subject", "Mailbox quota exceeded",
                        "text", "My mailbox olivia@example.com refuses new mail since this morning.",
                        "departmentId", "support"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        String ticketId = created.get("ticketId").asString();
        long number = created.get("number").asLong();
        assertThat(created.get("status").asString()).isEqualTo("open");

        // Read your writes: the view answered right after the create holds the ticket.
        assertThat(numbers(get(gateway, ana, "/api/v1/staff/views/open?department=support")))
                .contains(number);
        assertThat(numbers(get(gateway, ana, "/api/v1/staff/search?q=quota"))).containsExactly(number);

        JsonNode captured = post(gateway, ana, "/api/v1/staff/tickets/" + ticketId + "/capture", Map.of());
        assertThat(captured.get("assigneeId").asString()).isEqualTo("ana");
        post(
                gateway,
                ana,
                "/api/v1/staff/tickets/" + ticketId + "/notes",
                Map.of("text", "Internal: the customer is on the legacy plan"));
        JsonNode canned = get(gateway, ana, "/api/v1/staff/canned-responses?ticketId=" + ticketId)
                .get("items");
        String cannedId = null;
        String cannedText = null;
        for (JsonNode item : canned) {
            if ("need-details".equals(item.get("id").asString())) {
                cannedId = item.get("id").asString();
                cannedText = item.get("text").asString();
            }
        }
        assertThat(cannedId).isEqualTo("need-details");
        MultipartBodyBuilder reply = new MultipartBodyBuilder();
        reply.part("cannedResponseId", cannedId);
        reply.part("closeOnReply", "true");
        reply.part("saveAsCannedTitle", "Quota: what we need");
        reply.part("attachments", new ByteArrayResource(png()) {
                    @Override
                    public String getFilename() {
                        return "quota.png";
                    }
                })
                .contentType(MediaType.IMAGE_PNG);
        JsonNode replied = call(gateway, ana)
                .post()
                .uri("/api/v1/staff/tickets/" + ticketId + "/replies")
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(reply.build()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(replied.get("lifecycle").asString()).isEqualTo("CLOSED");
        assertThat(replied.get("attachmentCount").asInt()).isEqualTo(1);
        // Saved as sent, placeholders filled in, for the ticket's department.
        List<String> saved = new ArrayList<>();
        get(gateway, ana, "/api/v1/staff/canned-responses?ticketId=" + ticketId)
                .get("items")
                .forEach(item -> {
                    if ("Quota: what we need".equals(item.get("title").asString())) {
                        saved.add(item.get("text").asString() + " | " + item.get("departmentIds"));
                    }
                });
        assertThat(saved).containsExactly(cannedText + " | [\"support\"]");

        JsonNode seen = get(gateway, customer, "/api/v1/portal/tickets/" + ticketId);
        assertThat(seen.get("ticket").get("status").asString()).isEqualTo("closed");
        assertThat(seen.get("ticket").get("canReply").asBoolean()).isFalse();
        assertThat(seen.get("ticket").get("canReopen").asBoolean()).isTrue();
        List<String> kinds = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        seen.get("conversation").forEach(entry -> {
            kinds.add(entry.get("kind").asString());
            if (entry.has("text")) {
                texts.add(entry.get("text").asString());
            }
        });
        assertThat(kinds).containsExactly("message", "message", "closed");
        assertThat(texts)
                .containsExactly("My mailbox olivia@example.com refuses new mail since this morning.", cannedText);
        assertThat(seen.toString()).doesNotContain("legacy plan");
        JsonNode file = seen.get("conversation").get(1).get("attachments").get(0);
        assertThat(file.get("fileName").asString()).isEqualTo("quota.png");
        byte[] downloaded = call(gateway, customer)
                .get()
                .uri("/api/v1/portal/tickets/" + ticketId + "/attachments/"
                        + file.get("attachmentId").asString())
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader()
                .contentType(MediaType.IMAGE_PNG)
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();
        assertThat(downloaded).isEqualTo(png());

        call(gateway, customer)
                .post()
                .uri("/api/v1/portal/tickets/" + ticketId + "/replies")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("text", "One more thing"))
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Ticket closed");

        JsonNode reopened = post(gateway, customer, "/api/v1/portal/tickets/" + ticketId + "/reopen", Map.of());
        assertThat(reopened.get("status").asString()).isEqualTo("open");
        post(
                gateway,
                customer,
                "/api/v1/portal/tickets/" + ticketId + "/replies",
                Map.of("text", "Thanks, the domain is olivia.example"));

        // The customer's stream carried each public change, never the note.
        await().atMost(DEADLINE)
                .until(() -> customerKinds(customerEvents, ticketId)
                        .equals(List.of("message", "message", "closed", "reopened", "message")));
        assertThat(customerEvents.toString()).doesNotContain("legacy plan");
        // The view stream carried every version the ticket went through, in order; a version comes
        // again only with a new SLA state (sla-stream's clocks for the demo's standard charter).
        long version = get(gateway, ana, "/api/v1/staff/tickets/" + ticketId)
                .get("ticket")
                .get("version")
                .asLong();
        await().atMost(DEADLINE).until(() -> versions(viewEvents, ticketId).contains(version));
        List<Long> streamed = versions(viewEvents, ticketId);
        assertThat(streamed).isSorted();
        assertThat(streamed.get(0)).isEqualTo(1L);
        assertThat(rows(viewEvents, ticketId).stream()
                        .filter(row -> row.endsWith(" none"))
                        .toList())
                .as("a version without SLA data is sent once")
                .doesNotHaveDuplicates();
    }

    @Test
    void shouldServeTheSameViewsTakeCommandsAndShowPresenceFromASecondInstance() throws Exception {
        String anaOnFirst = login(gateway, "ana");
        String carlOnSecond = login(gateway2, "carl");
        JsonNode created = post(
                gateway,
                anaOnFirst,
                "/api/v1/staff/tickets",
                Map.of(
                        "subject", "Certificate renewal failed for shop.example",
                        "customer", Map.of("email", "pete@example.com", "displayName", "Pete"),
                        "text", "The renewal reports a DNS validation error."));
        String ticketId = created.get("ticketId").asString();
        long number = created.get("number").asLong();

        await().atMost(DEADLINE)
                .until(() -> numbers(get(gateway2, carlOnSecond, "/api/v1/staff/search?q=renewal"))
                        .contains(number));
        assertThat(numbers(get(gateway2, carlOnSecond, "/api/v1/staff/views/all?department=support")))
                .isEqualTo(numbers(get(gateway, anaOnFirst, "/api/v1/staff/views/all?department=support")));

        JsonNode important = post(
                gateway2, carlOnSecond, "/api/v1/staff/tickets/" + ticketId + "/important", Map.of("important", true));
        assertThat(important.get("important").asBoolean()).isTrue();
        // Read your writes across instances: the first instance answers once it holds that version.
        JsonNode onFirst = get(
                gateway,
                anaOnFirst,
                "/api/v1/staff/tickets/" + ticketId + "?minVersion="
                        + important.get("version").asLong());
        assertThat(onFirst.get("ticket").get("important").asBoolean()).isTrue();

        // Ana keeps the ticket open on the first instance; Carl, on the second, sees her there.
        List<ServerSentEvent<String>> anaStream =
                subscribe(gateway, "/api/v1/staff/tickets/" + ticketId + "/stream", anaOnFirst);
        await().atMost(DEADLINE)
                .until(() -> viewerIds(get(gateway2, carlOnSecond, "/api/v1/staff/tickets/" + ticketId))
                        .equals(List.of("ana")));
        post(gateway2, carlOnSecond, "/api/v1/staff/tickets/" + ticketId + "/presence", Map.of("activity", "REPLYING"));
        await().atMost(DEADLINE)
                .until(() -> anaStream.stream()
                        .filter(event -> "presence".equals(event.event()))
                        .anyMatch(event -> event.data().contains("\"agentId\":\"carl\"")
                                && event.data().contains("REPLYING")));
    }

    /** A real one-pixel PNG, so that the content check recognizes it. */
    private static byte[] png() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    private static List<String> viewerIds(JsonNode detail) {
        List<String> ids = new ArrayList<>();
        detail.get("viewers").forEach(viewer -> ids.add(viewer.get("agentId").asString()));
        return ids;
    }

    private static List<String> customerKinds(List<ServerSentEvent<String>> events, String ticketId) {
        List<String> kinds = new ArrayList<>();
        for (ServerSentEvent<String> event : events) {
            if ("message".equals(event.event())
                    && event.id() != null
                    && event.id().startsWith(ticketId)) {
                kinds.add(read(event.data()).get("kind").asString());
            }
        }
        return kinds;
    }

    private static List<Long> versions(List<ServerSentEvent<String>> events, String ticketId) {
        List<Long> versions = new ArrayList<>();
        for (ServerSentEvent<String> event : events) {
            if ("ticket".equals(event.event())) {
                JsonNode row = read(event.data()).get("ticket");
                if (ticketId.equals(row.get("ticketId").asString())) {
                    versions.add(row.get("version").asLong());
                }
            }
        }
        return versions;
    }

    /** Each streamed row of the ticket as its version and next SLA target ("none" without one). */
    private static List<String> rows(List<ServerSentEvent<String>> events, String ticketId) {
        List<String> rows = new ArrayList<>();
        for (ServerSentEvent<String> event : events) {
            if ("ticket".equals(event.event())) {
                JsonNode row = read(event.data()).get("ticket");
                if (ticketId.equals(row.get("ticketId").asString())) {
                    JsonNode sla = row.get("sla");
                    // The time left is counted at each send; the state is what makes a row new.
                    String state = sla == null || sla.isNull()
                            ? "none"
                            : sla.get("metric").asString() + " "
                                    + sla.get("state").asString() + " "
                                    + sla.get("dueAt").asString();
                    rows.add(row.get("version").asLong() + " " + state);
                }
            }
        }
        return rows;
    }

    private static JsonNode read(String json) {
        return JSON.readTree(json);
    }

    private static List<Long> numbers(JsonNode page) {
        List<Long> numbers = new ArrayList<>();
        page.get("items").forEach(item -> numbers.add(item.get("number").asLong()));
        return numbers;
    }

    /** The real magic-link flow: request a link, read it where the notifier will, trade it for a session. */
    private static String customerToken(String base, String email) {
        call(base, null)
                .post()
                .uri("/api/v1/portal/access-links")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email))
                .exchange()
                .expectStatus()
                .isAccepted();
        PortalAccessLink link = await().atMost(DEADLINE)
                .until(
                        () -> ClusterProbe.readCommitted(
                                        bootstrap,
                                        Topics.PORTAL_ACCESS_LINKS.name(),
                                        Topics.PORTAL_ACCESS_LINKS.keySerde().deserializer(),
                                        Topics.PORTAL_ACCESS_LINKS.valueSerde().deserializer(),
                                        DEADLINE)
                                .stream()
                                .map(ConsumerRecord::value)
                                .filter(found -> found.getEmail().equals(email))
                                .toList(),
                        links -> !links.isEmpty())
                .get(0);
        String token = UriComponentsBuilder.fromUri(URI.create(link.getUrl()))
                .build()
                .getQueryParams()
                .getFirst("token");
        return call(base, null)
                .post()
                .uri("/api/v1/portal/session")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("token", token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("accessToken")
                .asString();
    }

    /** Subscribes to a stream, waits until it is live, and collects what it delivers until the class ends. */
    private static List<ServerSentEvent<String>> subscribe(String base, String path, String token) {
        List<ServerSentEvent<String>> received = new CopyOnWriteArrayList<>();
        streams.add(WebClient.create(base)
                .get()
                .uri(path)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .headers(headers -> headers.setBearerAuth(token))
                .retrieve()
                .bodyToFlux(SSE)
                .subscribe(received::add));
        // A view stream says 'ready' once live, a ticket stream starts with who is on the ticket.
        await().atMost(DEADLINE)
                .until(() -> received.stream()
                        .anyMatch(event -> "ready".equals(event.event()) || "presence".equals(event.event())));
        return received;
    }
}
