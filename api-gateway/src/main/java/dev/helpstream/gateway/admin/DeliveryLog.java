package dev.helpstream.gateway.admin;

import dev.helpstream.gateway.ConfigView;
import dev.helpstream.schema.DeliveryChannel;
import dev.helpstream.schema.DeliveryRecord;
import dev.helpstream.schema.topic.Topics;
import dev.helpstream.support.kafka.PartitionFollower;
import dev.helpstream.support.kafka.PartitionFollower.StartPosition;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The recent delivery attempts of each webhook and of each ticket's emails, for the admin API.
 *
 * <p>Input: {@code notifications.deliveries.v1}, which the notifier writes (one record per attempt
 * outcome, keyed by webhook id for webhooks and by ticket id for emails), every partition, read
 * committed, from the records of the last {@link DeliveryLogProperties#history()}, without a
 * consumer group ({@link PartitionFollower}), so every gateway instance holds the same log. Output:
 * none; the admin API reads it from memory.
 *
 * <p>Invariants: per webhook id (channel {@code WEBHOOK}) and per ticket id (channel {@code EMAIL})
 * the last {@link DeliveryLogProperties#perKey()} attempts are kept, in the order the notifier wrote
 * them (one key, one partition, one order); at most {@link DeliveryLogProperties#maxTickets()}
 * tickets are kept, the one whose last attempt came first is forgotten first; a record that cannot
 * be decoded, or has no key or a channel this gateway does not know, is skipped with a warning and
 * never stops the log.
 */
@Component
class DeliveryLog implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryLog.class);
    private static final Duration POSITION_TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final DeliveryLogProperties properties;
    private final Clock clock;
    private final Deserializer<DeliveryRecord> values =
            Topics.DELIVERY_LOG.valueSerde().deserializer();
    private final Map<String, Deque<DeliveryRecord>> webhooks = new HashMap<>();
    /** In the order of each ticket's last attempt, oldest first: the next to forget. */
    private final LinkedHashMap<String, Deque<DeliveryRecord>> tickets = new LinkedHashMap<>();

    private volatile PartitionFollower<String, byte[]> follower;

    DeliveryLog(
            @Value("${helpstream.kafka.bootstrap-servers}") String bootstrapServers,
            DeliveryLogProperties properties,
            Clock clock) {
        this.bootstrapServers = bootstrapServers;
        this.properties = properties;
        this.clock = clock;
    }

    /** The last {@code limit} attempts to call the webhook {@code webhookId}, newest first. */
    List<DeliveryRecord> webhookAttempts(String webhookId, int limit) {
        synchronized (this) {
            return newestFirst(webhooks.get(webhookId), limit);
        }
    }

    /** The last {@code limit} attempts to send an email about the ticket {@code ticketId}, newest first. */
    List<DeliveryRecord> emailAttempts(String ticketId, int limit) {
        synchronized (this) {
            return newestFirst(tickets.get(ticketId), limit);
        }
    }

    /** Whether the log has read every record that was on the topic when the gateway started. */
    boolean caughtUp() {
        PartitionFollower<String, byte[]> current = follower;
        return current != null && current.caughtUp();
    }

    /** Whether the log has stopped following the topic (failed, or the gateway is stopping). */
    boolean stopped() {
        PartitionFollower<String, byte[]> current = follower;
        return current != null && !current.isRunning();
    }

    /** Adds the attempt the notifier reported under {@code key}. */
    void add(String key, DeliveryRecord attempt) {
        synchronized (this) {
            if (attempt.getChannel() == DeliveryChannel.WEBHOOK) {
                append(webhooks.computeIfAbsent(key, id -> new ArrayDeque<>()), attempt);
            } else if (attempt.getChannel() == DeliveryChannel.EMAIL) {
                // Moved to the end: the ticket with the oldest last attempt stays first to forget.
                Deque<DeliveryRecord> attempts = tickets.remove(key);
                if (attempts == null) {
                    attempts = new ArrayDeque<>();
                }
                append(attempts, attempt);
                tickets.put(key, attempts);
                if (tickets.size() > properties.maxTickets()) {
                    Iterator<String> oldest = tickets.keySet().iterator();
                    oldest.next();
                    oldest.remove();
                }
            } else {
                log.warn(
                        "Skipped delivery {}: channel {} is unknown here",
                        attempt.getDeliveryId(),
                        attempt.getChannel());
            }
        }
    }

    @Override
    public void start() {
        PartitionFollower<String, byte[]> attempts = PartitionFollower.builder(
                        bootstrapServers,
                        "api-gateway-deliveries-" + UUID.randomUUID(),
                        new StringDeserializer(),
                        new ByteArrayDeserializer())
                .topics(Topics.DELIVERY_LOG.name())
                .from(StartPosition.since(clock.instant().minus(properties.history())))
                .threadName("gateway-delivery-log")
                .failureConsequence("the admin API's delivery lists are no longer updated (answered with 503)")
                .build(records -> records.forEach(this::apply));
        follower = attempts;
        attempts.start(POSITION_TIMEOUT);
        log.info("Following {} from {} back", Topics.DELIVERY_LOG.name(), properties.history());
    }

    @Override
    public void stop() {
        PartitionFollower<String, byte[]> current = follower;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public boolean isRunning() {
        PartitionFollower<String, byte[]> current = follower;
        return current != null && current.isRunning();
    }

    @Override
    public int getPhase() {
        return ConfigView.PHASE;
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null || record.value() == null) {
            log.warn(
                    "Skipped a delivery record without key or value at {}-{}@{}",
                    record.topic(),
                    record.partition(),
                    record.offset());
            return;
        }
        DeliveryRecord attempt;
        try {
            attempt = values.deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            log.warn(
                    "Skipped an undecodable delivery record at {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
            return;
        }
        add(record.key(), attempt);
    }

    private void append(Deque<DeliveryRecord> attempts, DeliveryRecord attempt) {
        attempts.addLast(attempt);
        while (attempts.size() > properties.perKey()) {
            attempts.removeFirst();
        }
    }

    private static List<DeliveryRecord> newestFirst(Deque<DeliveryRecord> attempts, int limit) {
        if (attempts == null) {
            return List.of();
        }
        List<DeliveryRecord> newest = new ArrayList<>(Math.min(limit, attempts.size()));
        Iterator<DeliveryRecord> backwards = attempts.descendingIterator();
        while (backwards.hasNext() && newest.size() < limit) {
            newest.add(backwards.next());
        }
        return newest;
    }
}
