package dev.helpstream.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helpstream.kafka.embedded.ClusterProbe;
import dev.helpstream.kafka.embedded.EmbeddedKafkaExtension;
import dev.helpstream.kafka.embedded.KafkaCluster;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.ids.TicketIds;
import dev.helpstream.schema.topic.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The loader on a real broker, into a topic of the test's own (the shared test broker's {@code
 * tickets.state.v1} is left alone): what it writes reads back with the catalogue's serde.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class TicketLoaderIT {

    private final String run = "it" + UUID.randomUUID().toString().substring(0, 8);
    private final String topic = "bench.load." + run + ".state";
    private Admin admin;

    @BeforeEach
    void createTopic(KafkaCluster cluster) throws Exception {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
        admin.createTopics(List.of(new NewTopic(topic, Optional.of(6), Optional.empty())))
                .all()
                .get();
    }

    @AfterEach
    void deleteTopic() throws Exception {
        admin.deleteTopics(List.of(topic)).all().get();
        admin.close();
    }

    @Test
    void loadsFiveHundredDistinctFreshTicketSnapshotsThatReadBackCommittedWithTheCatalogueSerde(KafkaCluster cluster) {
        LoadResult result = TicketLoader.load(cluster.bootstrapServers(), topic, 500, run);

        assertThat(result.tickets()).isEqualTo(500);
        assertThat(result.ticketsPerSecond()).isPositive();
        List<ConsumerRecord<String, Ticket>> records = ClusterProbe.readCommitted(
                cluster.bootstrapServers(),
                topic,
                Topics.STATE.keySerde().deserializer(),
                Topics.STATE.valueSerde().deserializer(),
                Duration.ofSeconds(30));
        assertThat(records).hasSize(500);
        List<Ticket> tickets = records.stream().map(ConsumerRecord::value).toList();
        assertThat(records)
                .allSatisfy(record ->
                        assertThat(record.key()).isEqualTo(record.value().getTicketId()));
        assertThat(tickets.stream().map(Ticket::getTicketId).collect(Collectors.toSet()))
                .isEqualTo(IntStream.range(0, 500)
                        .mapToObj(i -> TicketIds.forInboundMessage("bench-load:" + run + ":" + i))
                        .collect(Collectors.toSet()));
        assertThat(tickets.stream().map(Ticket::getNumber).collect(Collectors.toSet()))
                .isEqualTo(
                        IntStream.range(0, 500).mapToObj(i -> 100_000_000L + i).collect(Collectors.toSet()));
        assertThat(tickets).allSatisfy(ticket -> {
            assertThat(ticket.getVersion()).isEqualTo(1);
            assertThat(ticket.getStatusId()).isEqualTo("new");
            assertThat(ticket.getLifecycle()).isEqualTo(LifecycleState.NEW);
            assertThat(ticket.getAssigneeId()).isNull();
            assertThat(ticket.getCreatedAt()).isEqualTo(ticket.getUpdatedAt());
            assertThat(ticket.getSubject()).isNotBlank();
        });
        assertThat(tickets.stream().map(Ticket::getDepartmentId).collect(Collectors.toSet()))
                .isEqualTo(Set.of("support", "billing", "sales"));
    }

    @Test
    void refusesARunIdThatWouldBlurTheMessageIds(KafkaCluster cluster) {
        assertThatThrownBy(() -> TicketLoader.load(cluster.bootstrapServers(), topic, 10, "a:b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("runId must be a non-blank word without ':', was 'a:b'");
    }
}
