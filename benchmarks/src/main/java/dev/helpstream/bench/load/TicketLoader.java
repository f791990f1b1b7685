package dev.helpstream.bench.load;

import dev.helpstream.bench.kafka.AcknowledgedSends;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.topic.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Loads the read side with many tickets, for the staff-view latency measurement ("a view page of
 * 50 with 1M tickets loaded").
 *
 * <p>Output: {@code tickets.state.v1} only, one {@link Ticket} snapshot per ticket, keyed by ticket
 * id, as routing-stream publishes a ticket it has just opened ({@link TicketSnapshots}: ids from
 * the message ids {@code bench-load:<run>:<i>}, numbers from {@value TicketSnapshots#FIRST_NUMBER}
 * up, opening times spread over the last {@value #SPREAD_DAYS} days, oldest first). This loads the
 * read side only: nothing is written to {@code tickets.events.v1}, because the notifier would mail
 * every one of those customers and sla-stream would start a clock per ticket, which is not what
 * this measures; so the loaded tickets have no conversation and no SLA, and routing-stream, whose
 * topic this is, does not know them (a command on one is refused as {@code NOT_FOUND}). The
 * producer is tuned as a loader ({@code acks=all}, idempotent, {@code linger.ms=20}, 256 KB
 * batches, lz4). Invariant: {@link #load} returns only when every snapshot was acknowledged; a
 * send error is thrown.
 */
public final class TicketLoader {

    private static final Logger log = LoggerFactory.getLogger(TicketLoader.class);

    /** The staff-view measurement's default size. */
    public static final int DEFAULT_TICKETS = 1_000_000;

    static final int SPREAD_DAYS = 30;

    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);

    private TicketLoader() {}

    /**
     * Writes {@code tickets} snapshots to {@code tickets.state.v1}.
     *
     * @param runId names this load (part of every message id, hence of every ticket id): a new run
     *     id writes new tickets, the same one overwrites the same tickets
     * @throws IllegalStateException when a snapshot is not acknowledged
     */
    public static LoadResult load(String bootstrapServers, int tickets, String runId) {
        return load(bootstrapServers, Topics.STATE.name(), tickets, runId);
    }

    /** The id of ticket {@code index} (0-based) of a load named {@code runId}. */
    public static String ticketId(String runId, int index) {
        return TicketSnapshots.ticketId(runId, index);
    }

    /** The number of ticket {@code index} (0-based) of any load. */
    public static long ticketNumber(int index) {
        return TicketSnapshots.number(index);
    }

    /** {@link #load(String, int, String)} to another topic of the same shape (tests). */
    static LoadResult load(String bootstrapServers, String topic, int tickets, String runId) {
        if (tickets < 1) {
            throw new IllegalArgumentException("tickets must be at least 1, was " + tickets);
        }
        if (runId == null || runId.isBlank() || runId.contains(":")) {
            throw new IllegalArgumentException("runId must be a non-blank word without ':', was '" + runId + "'");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long spacingMillis = Math.max(1, Duration.ofDays(SPREAD_DAYS).toMillis() / tickets);
        try (KafkaProducer<String, Ticket> producer = new KafkaProducer<>(
                producerConfig(bootstrapServers),
                Topics.STATE.keySerde().serializer(),
                Topics.STATE.valueSerde().serializer())) {
            producer.partitionsFor(topic);
            log.info("Loading {} tickets of run {} into {}", tickets, runId, topic);
            long elapsed = AcknowledgedSends.sendAll(
                    producer,
                    tickets,
                    i -> {
                        Instant openedAt = now.minusMillis((tickets - 1L - i) * spacingMillis);
                        Ticket ticket = TicketSnapshots.ticket(runId, i, openedAt);
                        return new ProducerRecord<>(topic, ticket.getTicketId(), ticket);
                    },
                    "ticket snapshots to " + topic);
            LoadResult result = new LoadResult(tickets, tickets * 1_000_000_000.0 / elapsed);
            log.info(
                    "Loaded {} tickets in {} ms ({} tickets/s)",
                    tickets,
                    elapsed / 1_000_000,
                    Math.round(result.ticketsPerSecond()));
            return result;
        }
    }

    /**
     * Waits until the gateway's staff views count at least {@code expectedAtLeast} tickets: the
     * {@code total} of {@code GET /api/v1/staff/views/all?limit=1} (every ticket the caller may see,
     * closed ones included, spam, deleted and merged ones not; exact, counted by the index). The
     * token should be an admin's, who sees every department.
     *
     * @throws IllegalStateException when the count is not reached within {@code timeout}, or the
     *     gateway answers anything but 200 with a total
     */
    public static void awaitIndexed(
            HttpClient client, URI gatewayBase, String staffToken, int expectedAtLeast, Duration timeout) {
        HttpRequest request = GatewayCalls.staffGet(gatewayBase, "/api/v1/staff/views/all?limit=1", staffToken);
        long deadline = System.nanoTime() + timeout.toNanos();
        long total;
        while ((total = total(client, request)) < expectedAtLeast) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the gateway's views count " + total + " tickets, not the "
                        + expectedAtLeast + " expected, after " + timeout);
            }
            pause();
        }
        log.info("The gateway's views count {} tickets (at least {} expected)", total, expectedAtLeast);
    }

    private static long total(HttpClient client, HttpRequest request) {
        HttpResponse<byte[]> response = GatewayCalls.send(client, request);
        if (response.statusCode() != 200) {
            throw GatewayCalls.unexpected(request, response, "an error");
        }
        JsonNode total = GatewayCalls.json(request, response).path("total");
        if (!total.isIntegralNumber()) {
            throw GatewayCalls.unexpected(request, response, "no total");
        }
        return total.asLong();
    }

    private static void pause() {
        try {
            // A poll of a remote view every quarter second; nothing to wake us earlier.
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the gateway to index the tickets", e);
        }
    }

    private static Map<String, Object> producerConfig(String bootstrapServers) {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG,
                "bench-ticket-loader",
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                "lz4");
    }
}
