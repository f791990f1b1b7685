package dev.helpstream.gateway;

import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.config.Agent;
import dev.helpstream.schema.config.ApiKey;
import dev.helpstream.schema.config.BusinessCalendar;
import dev.helpstream.schema.config.CannedResponse;
import dev.helpstream.schema.config.Category;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.config.EmailTemplate;
import dev.helpstream.schema.config.Filter;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.config.Priority;
import dev.helpstream.schema.config.Service;
import dev.helpstream.schema.config.SlaPolicy;
import dev.helpstream.schema.config.Status;
import dev.helpstream.schema.config.SupportAddress;
import dev.helpstream.schema.config.TicketType;
import dev.helpstream.schema.config.Webhook;
import dev.helpstream.schema.ids.ConfigKeys;
import dev.helpstream.schema.topic.Topics;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.beans.factory.DisposableBean;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Writes configuration entities to {@code helpdesk.config.v1}, of which the gateway is the only
 * writer. Input: {@link ConfigEntity} values from the admin API ({@code admin} package) and the
 * demo seeding. Output: records keyed {@code <ENTITY_TYPE>:<id>} ({@link ConfigKeys#key}), or a
 * tombstone to delete one.
 *
 * <p>Invariants: the key always derives from the entity's own type and id, and the type names the
 * payload's class, so no reader ever finds an agent under a department key; the producer is
 * idempotent with {@code acks=all}, so a retried send neither duplicates nor reorders a change on
 * the single config partition. The returned {@link Mono} completes only when the broker has
 * acknowledged the record. {@code send} may block (metadata, buffer space), so it runs on the
 * bounded-elastic scheduler, never on an event-loop thread.
 */
public class ConfigWriter implements DisposableBean {

    private static final Map<Class<?>, ConfigEntityType> TYPES = Map.ofEntries(
            Map.entry(Department.class, ConfigEntityType.DEPARTMENT),
            Map.entry(Service.class, ConfigEntityType.SERVICE),
            Map.entry(Agent.class, ConfigEntityType.AGENT),
            Map.entry(Filter.class, ConfigEntityType.FILTER),
            Map.entry(SlaPolicy.class, ConfigEntityType.SLA_POLICY),
            Map.entry(BusinessCalendar.class, ConfigEntityType.BUSINESS_CALENDAR),
            Map.entry(CannedResponse.class, ConfigEntityType.CANNED_RESPONSE),
            Map.entry(Priority.class, ConfigEntityType.PRIORITY),
            Map.entry(Category.class, ConfigEntityType.CATEGORY),
            Map.entry(TicketType.class, ConfigEntityType.TICKET_TYPE),
            Map.entry(Status.class, ConfigEntityType.STATUS),
            Map.entry(HelpdeskSettings.class, ConfigEntityType.HELPDESK_SETTINGS),
            Map.entry(Webhook.class, ConfigEntityType.WEBHOOK),
            Map.entry(ApiKey.class, ConfigEntityType.API_KEY),
            Map.entry(EmailTemplate.class, ConfigEntityType.EMAIL_TEMPLATE),
            Map.entry(SupportAddress.class, ConfigEntityType.SUPPORT_ADDRESS));

    private final Producer<String, ConfigEntity> producer;
    private final String topic;

    ConfigWriter(Producer<String, ConfigEntity> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /**
     * A writer with its own idempotent producer ({@code acks=all}) on {@code topic}: {@code
     * helpdesk.config.v1} in the application, a fresh topic in tests.
     *
     * @param sendTimeout how long a write may wait for the acknowledgement before it fails
     */
    static ConfigWriter create(String bootstrapServers, String topic, Duration sendTimeout) {
        // delivery.timeout.ms must cover linger.ms + request.timeout.ms.
        int timeout = (int) sendTimeout.toMillis();
        Producer<String, ConfigEntity> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.CLIENT_ID_CONFIG,
                        "api-gateway-config",
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        (long) timeout,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        Math.max(500, timeout / 2),
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                        timeout + 5),
                Topics.CONFIG.keySerde().serializer(),
                Topics.CONFIG.valueSerde().serializer());
        return new ConfigWriter(producer, topic);
    }

    /** The config entity type whose payload is {@code payload}'s class. */
    public static ConfigEntityType typeOf(Object payload) {
        ConfigEntityType type = payload == null ? null : TYPES.get(payload.getClass());
        if (type == null) {
            throw new IllegalArgumentException("not a config payload: " + payload);
        }
        return type;
    }

    /** The record key of {@code entity}, after checking that its type names its payload. */
    static String keyOf(ConfigEntity entity) {
        ConfigEntityType payloadType = typeOf(entity.getPayload());
        if (payloadType != entity.getEntityType()) {
            throw new IllegalArgumentException("entity " + entity.getEntityType() + ":" + entity.getId() + " carries a "
                    + payloadType + " payload");
        }
        return ConfigKeys.key(entity.getEntityType(), entity.getId());
    }

    /** Writes {@code entity}; completes with the record's offset once the broker acknowledged it. */
    public Mono<RecordMetadata> write(ConfigEntity entity) {
        return Mono.fromCallable(() -> keyOf(entity)).flatMap(key -> send(key, entity));
    }

    /** Deletes the entity {@code id} of {@code type} with a tombstone; compaction drops it later. */
    public Mono<RecordMetadata> delete(ConfigEntityType type, String id) {
        return Mono.fromCallable(() -> ConfigKeys.key(type, id)).flatMap(key -> send(key, null));
    }

    private Mono<RecordMetadata> send(String key, ConfigEntity value) {
        return Mono.<RecordMetadata>create(sink ->
                        producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
                            if (error != null) {
                                sink.error(error);
                            } else {
                                sink.success(metadata);
                            }
                        }))
                .subscribeOn(Schedulers.boundedElastic())
                // Leave the producer's I/O thread at once; whatever the caller chains runs elsewhere.
                .publishOn(Schedulers.parallel());
    }

    @Override
    public void destroy() {
        // Waits for records in flight (each bounded by the send timeout), but not forever.
        producer.close(Duration.ofSeconds(10));
    }
}
