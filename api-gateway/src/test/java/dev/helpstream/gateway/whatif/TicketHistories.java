package dev.helpstream.gateway.whatif;

import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.Channel;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.event.MessageAdded;
import dev.helpstream.schema.event.MessageDirection;
import dev.helpstream.schema.event.TicketOpened;
import dev.helpstream.schema.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes ticket histories to the real {@code tickets.events.v1} as routing writes them: keyed by
 * ticket id, versions counting from 1, ids {@code <ticket>:<version>}, and the given instant as the
 * record's timestamp (the time the SLA clocks go by).
 */
final class TicketHistories implements AutoCloseable {

    static final Actor ANA = new Actor(ActorKind.AGENT, "ana", "Ana", "ana@helpdesk.test");

    private final KafkaProducer<String, TicketEvent> producer;
    private final String topic;
    private final Map<String, Long> versions = new HashMap<>();

    TicketHistories(String bootstrapServers) {
        this(bootstrapServers, Topics.EVENTS.name());
    }

    /** Writing to {@code topic}, laid out as {@code tickets.events.v1}. */
    TicketHistories(String bootstrapServers, String topic) {
        this.topic = topic;
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // A partition created a moment ago may answer NOT_LEADER; without idempotence and with one
        // request in flight the producer simply retries in order.
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        this.producer = new KafkaProducer<>(
                config,
                Topics.EVENTS.keySerde().serializer(),
                Topics.EVENTS.valueSerde().serializer());
    }

    /** A customer opens ticket {@code id} by email in {@code departmentId} with this priority. */
    void opened(String id, long number, Instant at, String departmentId, String priorityId) throws Exception {
        Actor customer = new Actor(ActorKind.CUSTOMER, "carol@example.com", "Carol", "carol@example.com");
        send(
                id,
                number,
                at,
                customer,
                TicketOpened.newBuilder()
                        .setSubject("Website down #" + number)
                        .setCustomer(new Contact("carol@example.com", "Carol", null))
                        .setChannel(Channel.EMAIL)
                        .setDepartmentId(departmentId)
                        .setPriorityId(priorityId)
                        .setStatusId("open")
                        .setLifecycle(LifecycleState.OPEN)
                        .setFirstMessageId("m-" + id + "-1")
                        .setBody(new MessageBody("502 since 9:00", null, null))
                        .setAutoReplyAllowed(true)
                        .build());
    }

    /** Ana answers the customer publicly: the first response. */
    void staffReply(String id, long number, Instant at) throws Exception {
        send(
                id,
                number,
                at,
                ANA,
                MessageAdded.newBuilder()
                        .setMessageId("m-" + id + "-" + (versions.getOrDefault(id, 0L) + 1))
                        .setAuthor(ANA)
                        .setFrom(new Contact("support@helpdesk.test", "Support", null))
                        .setDirection(MessageDirection.OUTBOUND)
                        .setChannel(Channel.STAFF)
                        .setBody(new MessageBody("Looking into it", null, null))
                        .build());
    }

    private void send(String id, long number, Instant at, Actor actor, Object payload) throws Exception {
        long version = versions.merge(id, 1L, Long::sum);
        TicketEvent event = TicketEvent.newBuilder()
                .setEventId(id + ":" + version)
                .setTicketId(id)
                .setTicketNumber(number)
                .setVersion(version)
                .setOccurredAt(at)
                .setActor(actor)
                .setPayload(payload)
                .build();
        producer.send(new ProducerRecord<>(topic, null, at.toEpochMilli(), id, event))
                .get();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
