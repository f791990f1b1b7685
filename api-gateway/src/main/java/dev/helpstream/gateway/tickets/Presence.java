package dev.helpstream.gateway.tickets;

import dev.helpstream.gateway.ConfigView;
import dev.helpstream.gateway.security.Caller;
import dev.helpstream.schema.PresenceActivity;
import dev.helpstream.schema.PresenceBeat;
import dev.helpstream.schema.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Who is looking at or replying to a ticket right now, across every gateway instance: collision
 * detection for agents.
 *
 * <p>Output: {@code gateway.presence.v1}, a beat per agent and ticket while the agent's ticket
 * stream is open (and when the agent starts replying or leaves). Input: the same topic, every
 * partition, from the beats of the last presence TTL (so a new instance knows who is there), no
 * consumer group. Invariant: an agent counts as present until its last beat expires; a LEFT beat
 * removes it at once.
 */
@Component
class Presence implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Presence.class);

    /** A person on a ticket. */
    record Viewer(String agentId, String displayName, PresenceActivity activity, Instant expiresAt) {}

    private final String bootstrapServers;
    private final Duration ttl;
    private final Clock clock;
    private final String instanceId = UUID.randomUUID().toString();
    private final Deserializer<PresenceBeat> values =
            Topics.PRESENCE.valueSerde().deserializer();
    private final Map<String, Map<String, Viewer>> viewers = new ConcurrentHashMap<>();
    private final Sinks.Many<String> changes = Sinks.many().multicast().directBestEffort();
    private final CountDownLatch positioned = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Producer<String, PresenceBeat> producer;
    private Thread reader;

    Presence(
            @Value("${helpstream.kafka.bootstrap-servers}") String bootstrapServers,
            TicketsProperties properties,
            Clock clock) {
        this.bootstrapServers = bootstrapServers;
        this.ttl = properties.streams().presenceTtl();
        this.clock = clock;
    }

    /** Records that the agent is on the ticket (or left it), for every instance to see. */
    Mono<Void> beat(Caller caller, String ticketId, PresenceActivity activity) {
        Instant now = clock.instant();
        PresenceBeat beat = new PresenceBeat(
                ticketId,
                caller.id(),
                caller.displayName() == null ? caller.id() : caller.displayName(),
                activity,
                instanceId,
                now,
                now.plus(ttl));
        return Mono.<Void>create(sink -> producer.send(
                        new ProducerRecord<>(Topics.PRESENCE.name(), ticketId, beat), (metadata, error) -> {
                            if (error != null) {
                                sink.error(error);
                            } else {
                                sink.success();
                            }
                        }))
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** The agents on the ticket now, those replying first. */
    List<Viewer> viewers(String ticketId) {
        Instant now = clock.instant();
        return viewers.getOrDefault(ticketId, Map.of()).values().stream()
                .filter(viewer -> viewer.expiresAt().isAfter(now))
                .sorted(Comparator.comparing((Viewer viewer) -> viewer.activity() != PresenceActivity.REPLYING)
                        .thenComparing(Viewer::displayName))
                .toList();
    }

    ArrayNode viewersJson(String ticketId) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (Viewer viewer : viewers(ticketId)) {
            ObjectNode entry = list.addObject();
            entry.put("agentId", viewer.agentId());
            entry.put("displayName", viewer.displayName());
            entry.put("activity", viewer.activity().name());
            entry.put("until", viewer.expiresAt().toString());
        }
        return list;
    }

    /** Ids of tickets whose viewers changed; hot, no history. */
    Flux<String> changes() {
        return changes.asFlux();
    }

    Duration ttl() {
        return ttl;
    }

    @Override
    public void start() {
        running = true;
        producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.CLIENT_ID_CONFIG,
                        "api-gateway-presence",
                        ProducerConfig.ACKS_CONFIG,
                        "1",
                        ProducerConfig.LINGER_MS_CONFIG,
                        0),
                Topics.PRESENCE.keySerde().serializer(),
                Topics.PRESENCE.valueSerde().serializer());
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "api-gateway-presence",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                        50),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        reader = new Thread(this::read, "gateway-presence");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!positioned.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Could not position on " + Topics.PRESENCE.name());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while positioning on the presence topic", e);
        }
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            if (reader != null && !stopped.await(10, TimeUnit.SECONDS)) {
                log.warn("The presence reader did not stop within 10s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        changes.tryEmitComplete();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return ConfigView.PHASE;
    }

    private void read() {
        try (KafkaConsumer<String, byte[]> kafka = consumer) {
            List<TopicPartition> partitions = kafka.partitionsFor(Topics.PRESENCE.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            kafka.assign(partitions);
            Map<TopicPartition, Long> since = new HashMap<>();
            long from = clock.millis() - ttl.toMillis();
            partitions.forEach(partition -> since.put(partition, from));
            Map<TopicPartition, OffsetAndTimestamp> offsets = kafka.offsetsForTimes(since);
            Map<TopicPartition, Long> ends = kafka.endOffsets(partitions);
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp offset = offsets.get(partition);
                kafka.seek(partition, offset == null ? ends.get(partition) : offset.offset());
            }
            positioned.countDown();
            while (running) {
                for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(200))) {
                    apply(record);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                log.error("The presence reader was woken up while running", e);
            }
        } catch (RuntimeException e) {
            log.error("The presence reader stopped; collision detection is off", e);
        } finally {
            running = false;
            stopped.countDown();
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        PresenceBeat beat;
        try {
            beat = values.deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            log.warn("Skipped presence record {}-{}@{}", record.topic(), record.partition(), record.offset(), e);
            return;
        }
        Map<String, Viewer> onTicket = viewers.computeIfAbsent(beat.getTicketId(), id -> new ConcurrentHashMap<>());
        if (beat.getActivity() == PresenceActivity.LEFT) {
            onTicket.remove(beat.getAgentId());
        } else {
            onTicket.put(
                    beat.getAgentId(),
                    new Viewer(beat.getAgentId(), beat.getDisplayName(), beat.getActivity(), beat.getExpiresAt()));
        }
        Instant now = clock.instant();
        onTicket.values().removeIf(viewer -> !viewer.expiresAt().isAfter(now));
        if (onTicket.isEmpty()) {
            viewers.remove(beat.getTicketId(), onTicket);
        }
        changes.tryEmitNext(beat.getTicketId());
    }
}
