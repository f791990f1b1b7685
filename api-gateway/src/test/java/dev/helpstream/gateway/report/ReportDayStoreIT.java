package dev.helpstream.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.helpstream.kafka.embedded.EmbeddedKafkaExtension;
import dev.helpstream.kafka.embedded.KafkaCluster;
import dev.helpstream.schema.ReportDay;
import dev.helpstream.schema.topic.TopicProvisioner;
import dev.helpstream.schema.topic.Topics;
import dev.helpstream.sla.report.ReportDays;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The store on a real broker: it reads {@code reports.daily.v1} from the beginning (the last
 * record of a day wins, a tombstone removes it, an undecodable record is skipped), says READY once
 * caught up, then follows new days. The department ids are unique per run: the topic is shared with
 * the other tests of this JVM.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class ReportDayStoreIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final LocalDate MONDAY = LocalDate.parse("2026-03-02");

    private final String department = "it-" + UUID.randomUUID();
    private KafkaProducer<String, byte[]> producer;
    private ReportDayStore store;

    @BeforeEach
    void topic(KafkaCluster cluster) {
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            new TopicProvisioner(admin, cluster.replicationFactor(), 0)
                    .provision(List.of(Topics.REPORT_DAYS), DEADLINE);
        }
        Map<String, Object> config = new HashMap<>(cluster.clientProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // A partition created a moment ago may answer NOT_LEADER; without idempotence and with one
        // request in flight the producer simply retries in order.
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        store = new ReportDayStore(cluster.bootstrapServers());
    }

    @AfterEach
    void close() {
        store.stop();
        producer.close(Duration.ofSeconds(10));
    }

    @Test
    void shouldReadEveryDayOnTheTopicThenFollowTheNewOnes() throws Exception {
        send(day(MONDAY, 1));
        send(day(MONDAY, 2));
        send(day(MONDAY.plusDays(1), 5));
        send(ReportDays.key(department, MONDAY.plusDays(1)), null);
        send(ReportDays.key(department, MONDAY.plusDays(2)), new byte[] {1, 2, 3});
        send(day(MONDAY.plusDays(3), 4));

        store.start();
        await().atMost(DEADLINE).until(() -> store.availability() == ReportFigures.Availability.READY);

        assertThat(store.days(department, MONDAY, MONDAY.plusDays(6)))
                .containsExactly(day(MONDAY, 2), day(MONDAY.plusDays(3), 4));
        assertThat(store.departmentsWithFigures(MONDAY.plusDays(1), MONDAY.plusDays(2)))
                .doesNotContain(department);

        send(day(MONDAY.plusDays(4), 9));
        await().atMost(DEADLINE)
                .untilAsserted(() -> assertThat(store.days(department, MONDAY.plusDays(4), MONDAY.plusDays(4)))
                        .containsExactly(day(MONDAY.plusDays(4), 9)));

        store.stop();
        assertThat(store.availability()).isEqualTo(ReportFigures.Availability.STOPPED);
    }

    private ReportDay day(LocalDate date, long opened) {
        return ReportDay.newBuilder(ReportDays.empty(department, date))
                .setOpened(opened)
                .build();
    }

    private void send(ReportDay day) throws Exception {
        send(
                ReportDays.key(day.getDepartmentId(), day.getDay()),
                Topics.REPORT_DAYS.valueSerde().serializer().serialize(Topics.REPORT_DAYS.name(), day));
    }

    private void send(String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(Topics.REPORT_DAYS.name(), key, value))
                .get();
    }
}
