package dev.helpstream.notifier.delivery;

import static dev.helpstream.notifier.delivery.DeliveryTestSupport.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.helpstream.kafka.embedded.EmbeddedKafkaExtension;
import dev.helpstream.kafka.embedded.KafkaCluster;
import dev.helpstream.schema.DeadLetter;
import dev.helpstream.schema.DeliveryChannel;
import dev.helpstream.schema.DeliveryRecord;
import dev.helpstream.schema.DeliveryStatus;
import dev.helpstream.schema.WebhookDelivery;
import dev.helpstream.schema.topic.Topics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The webhook deliverer as it runs: a real broker and a real HTTP server that checks every
 * signature itself, the way an integrator's endpoint would.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class WebhookDeliveryIT {

    private static final String SECRET = "whsec-4f1c9e7a2b";

    private static final Endpoint endpoint = new Endpoint();
    private static DeliveryTestSupport kafka;
    private static ConfigurableApplicationContext app;

    @BeforeAll
    static void start(KafkaCluster cluster) throws IOException {
        endpoint.start();
        kafka = new DeliveryTestSupport(cluster);
        kafka.provisionTopics();
        app = DeliveryOnlyApplication.run(kafka.arguments(
                "webhook-it-" + UUID.randomUUID(),
                "--helpstream.delivery.allow-loopback-webhooks=true",
                "--helpstream.delivery.webhook-secrets.main=" + SECRET));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        endpoint.stop();
    }

    @Test
    void shouldRetryA500AndA429AfterItsRetryAfterAndDeliverEachEventOnce() {
        WebhookDelivery delivery = webhook(endpoint.url("/flaky"), "main").build();

        kafka.send(Topics.WEBHOOK_DELIVERIES, delivery.getWebhookId(), delivery);

        List<DeliveryRecord> log = kafka.awaitLog(delivery.getDeliveryId(), 3);
        assertThat(log)
                .extracting(DeliveryRecord::getStatus, DeliveryRecord::getAttempt, DeliveryRecord::getHttpStatus)
                .containsExactly(
                        tuple(DeliveryStatus.RETRYING, 1, 500),
                        tuple(DeliveryStatus.RETRYING, 2, 429),
                        tuple(DeliveryStatus.DELIVERED, 3, 200));
        assertThat(log.get(0).getError()).isEqualTo("POST " + endpoint.shown() + " answered 500: try again later");
        assertThat(log.get(2).getChannel()).isEqualTo(DeliveryChannel.WEBHOOK);
        // The path of a chat webhook URL is its secret: the log keeps scheme, host and port only.
        assertThat(log).extracting(DeliveryRecord::getTarget).containsOnly(endpoint.shown());
        assertThat(log.get(2).getTargetId()).isEqualTo(delivery.getWebhookId());

        List<Call> calls = endpoint.callsOf(delivery.getEventId());
        assertThat(calls).extracting(Call::answered).containsExactly(500, 429, 200);
        assertThat(calls).allMatch(Call::signatureValid);
        assertThat(endpoint.acceptedOf(delivery.getEventId())).isEqualTo(1);
        // Retry-After: 1 asked for a second; the computed back-off would have been about 100 ms.
        assertThat(Duration.ofNanos(calls.get(2).receivedNanos() - calls.get(1).receivedNanos()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));

        Call accepted = calls.get(2);
        assertThat(accepted.headers())
                .containsEntry("x-helpstream-event-id", delivery.getEventId())
                .containsEntry("x-helpstream-event-type", "ticket.created")
                .containsEntry("x-helpstream-delivery-id", delivery.getDeliveryId())
                .containsEntry("user-agent", "Helpstream-Webhooks/1")
                .containsEntry("content-type", "application/json");
        assertThat(accepted.body())
                .isEqualTo(StandardCharsets.UTF_8.decode(delivery.getBody()).toString());
        long timestamp = Long.parseLong(accepted.headers().get("x-helpstream-timestamp"));
        assertThat(Duration.between(Instant.ofEpochSecond(timestamp), Instant.now())
                        .abs())
                .isLessThan(Duration.ofMinutes(1));
    }

    @Test
    void shouldDeadLetterADeliveryWhoseEndpointKeepsFailingAfterTheLastAttempt() {
        WebhookDelivery delivery = webhook(endpoint.url("/down"), "main").build();

        kafka.send(Topics.WEBHOOK_DELIVERIES, delivery.getWebhookId(), delivery);

        ConsumerRecord<String, DeadLetter> record = kafka.awaitDeadLetter(delivery.getDeliveryId());
        DeadLetter letter = record.value();
        assertThat(record.key()).isEqualTo(delivery.getEventId());
        assertThat(letter.getAttempts()).isEqualTo(4);
        assertThat(letter.getHttpStatus()).isEqualTo(500);
        assertThat(letter.getLastError()).isEqualTo("POST " + endpoint.shown() + " answered 500: down for maintenance");
        assertThat(letter.getChannel()).isEqualTo(DeliveryChannel.WEBHOOK);
        assertThat(letter.getTarget()).isEqualTo(endpoint.shown());
        assertThat(letter.getTargetId()).isEqualTo(delivery.getWebhookId());
        assertThat(letter.getPayload()).isEqualTo(delivery.getBody());
        assertThat(letter.getPayloadContentType()).isEqualTo("application/json");
        assertThat(letter.getLastAttemptAt()).isAfter(letter.getFirstAttemptAt());
        assertThat(endpoint.callsOf(delivery.getEventId())).hasSize(4);
        assertThat(kafka.logOf(delivery.getDeliveryId()))
                .extracting(DeliveryRecord::getStatus, DeliveryRecord::getAttempt, DeliveryRecord::getHttpStatus)
                .containsExactly(
                        tuple(DeliveryStatus.RETRYING, 1, 500),
                        tuple(DeliveryStatus.RETRYING, 2, 500),
                        tuple(DeliveryStatus.RETRYING, 3, 500),
                        tuple(DeliveryStatus.DEAD_LETTERED, 4, 500));
    }

    @Test
    void shouldDeadLetterA404AfterOneAttempt() {
        WebhookDelivery delivery = webhook(endpoint.url("/gone"), "main").build();

        kafka.send(Topics.WEBHOOK_DELIVERIES, delivery.getWebhookId(), delivery);

        DeadLetter letter = kafka.awaitDeadLetter(delivery.getDeliveryId()).value();
        assertThat(letter.getAttempts()).isEqualTo(1);
        assertThat(letter.getHttpStatus()).isEqualTo(404);
        assertThat(endpoint.callsOf(delivery.getEventId())).hasSize(1);
        assertThat(kafka.logOf(delivery.getDeliveryId()))
                .extracting(DeliveryRecord::getStatus, DeliveryRecord::getAttempt, DeliveryRecord::getHttpStatus)
                .containsExactly(tuple(DeliveryStatus.DEAD_LETTERED, 1, 404));
    }

    @Test
    void shouldNeverCallAWebhookUnsignedWhenItsSecretIsUnknown() {
        WebhookDelivery delivery = webhook(endpoint.url("/flaky"), "retired").build();

        kafka.send(Topics.WEBHOOK_DELIVERIES, delivery.getWebhookId(), delivery);

        DeadLetter letter = kafka.awaitDeadLetter(delivery.getDeliveryId()).value();
        assertThat(letter.getAttempts()).isEqualTo(1);
        assertThat(letter.getHttpStatus()).isNull();
        assertThat(letter.getLastError())
                .isEqualTo("no signing secret 'retired' in helpstream.delivery.webhook-secrets;"
                        + " it is never called unsigned");
        assertThat(endpoint.callsOf(delivery.getEventId())).isEmpty();
    }

    @Test
    void shouldSkipADeliveryPlannedLongerAgoThanTheMaximumAgeWithoutCallingTheEndpoint() {
        Instant planned = Instant.now().minus(Duration.ofDays(4)).truncatedTo(ChronoUnit.MILLIS);
        WebhookDelivery stale =
                webhook(endpoint.url("/flaky"), "main").setOccurredAt(planned).build();
        WebhookDelivery fresh = webhook(endpoint.url("/gone"), "main")
                .setWebhookId(stale.getWebhookId())
                .build();

        kafka.send(Topics.WEBHOOK_DELIVERIES, stale.getWebhookId(), stale);
        kafka.send(Topics.WEBHOOK_DELIVERIES, fresh.getWebhookId(), fresh);

        kafka.awaitDeadLetter(fresh.getDeliveryId());
        assertThat(kafka.logOf(stale.getDeliveryId()))
                .extracting(
                        DeliveryRecord::getStatus,
                        DeliveryRecord::getAttempt,
                        DeliveryRecord::getError,
                        DeliveryRecord::getTarget)
                .containsExactly(tuple(
                        DeliveryStatus.SKIPPED,
                        0,
                        "stale: planned at " + planned + ", older than 3d",
                        endpoint.shown()));
        assertThat(endpoint.callsOf(stale.getEventId())).isEmpty();
    }

    /** One request the endpoint received. */
    record Call(
            String eventId,
            Map<String, String> headers,
            String body,
            boolean signatureValid,
            int answered,
            long receivedNanos) {}

    /**
     * The integrator's side: verifies each signature, answers by path ({@code /flaky}: 500, then 429
     * with {@code Retry-After: 1}, then 200 per event; {@code /down}: always 500; {@code /gone}: 404)
     * and counts accepted calls per event id.
     */
    static final class Endpoint {

        private final Map<String, List<Call>> calls = new ConcurrentHashMap<>();
        private HttpServer server;

        void start() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", this::handle);
            server.setExecutor(Executors.newFixedThreadPool(2));
            server.start();
        }

        void stop() {
            server.stop(0);
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        /** Any URL of this endpoint as logs, the delivery log and dead letters show it. */
        String shown() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/…";
        }

        List<Call> callsOf(String eventId) {
            return List.copyOf(calls.getOrDefault(eventId, List.of()));
        }

        long acceptedOf(String eventId) {
            return callsOf(eventId).stream()
                    .filter(call -> call.answered() == 200)
                    .count();
        }

        private void handle(HttpExchange exchange) throws IOException {
            long received = System.nanoTime();
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            String eventId = headers.getOrDefault("x-helpstream-event-id", "none");
            boolean valid = verify(headers, body);
            List<Call> previous = calls.computeIfAbsent(eventId, id -> new CopyOnWriteArrayList<>());
            String path = exchange.getRequestURI().getPath();
            int status;
            String answer;
            if (!valid) {
                status = 401;
                answer = "bad signature";
            } else if (path.equals("/down")) {
                status = 500;
                answer = "down for maintenance";
            } else if (path.equals("/gone")) {
                status = 404;
                answer = "no such hook";
            } else if (previous.isEmpty()) {
                status = 500;
                answer = "try again later";
            } else if (previous.size() == 1) {
                status = 429;
                answer = "slow down";
                exchange.getResponseHeaders().set("Retry-After", "1");
            } else {
                status = 200;
                answer = "ok";
            }
            previous.add(new Call(eventId, headers, new String(body, StandardCharsets.UTF_8), valid, status, received));
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }

        /** What an integrator does: recompute the HMAC over timestamp + "." + body, compare in constant time. */
        private static boolean verify(Map<String, String> headers, byte[] body) {
            String timestamp = headers.get("x-helpstream-timestamp");
            String signature = headers.get("x-helpstream-signature");
            if (timestamp == null || signature == null || !signature.startsWith("v1=")) {
                return false;
            }
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
                byte[] expected = mac.doFinal(body);
                return MessageDigest.isEqual(expected, HexFormat.of().parseHex(signature.substring(3)));
            } catch (Exception e) {
                return false;
            }
        }
    }
}
