package dev.helpstream.notifier.delivery;

import static dev.helpstream.notifier.delivery.DeliveryTestSupport.DEADLINE;
import static dev.helpstream.notifier.delivery.DeliveryTestSupport.email;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.helpstream.kafka.embedded.ClusterProbe;
import dev.helpstream.kafka.embedded.EmbeddedKafkaExtension;
import dev.helpstream.kafka.embedded.KafkaCluster;
import dev.helpstream.schema.DeliveryRecord;
import dev.helpstream.schema.DeliveryStatus;
import dev.helpstream.schema.EmailDelivery;
import dev.helpstream.schema.topic.Topics;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Exactly once as the customer sees it: the notifier stopped in the middle of a batch and started
 * again, or started with its consumer offsets lost, sends every email once, counted at the SMTP
 * server.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class DeliveryRestartIT {

    private static final int BATCH = 40;

    private static final GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    private static KafkaCluster cluster;
    private static DeliveryTestSupport kafka;

    @BeforeAll
    static void start(KafkaCluster kafkaCluster) {
        smtp.start();
        cluster = kafkaCluster;
        kafka = new DeliveryTestSupport(cluster);
        kafka.provisionTopics();
    }

    @AfterAll
    static void stop() {
        smtp.stop();
    }

    @Test
    void shouldSendEveryEmailOnceAcrossARestartMidBatchAndAfterLosingTheOffsets() throws Exception {
        List<EmailDelivery> batch = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            batch.add(email("customer-" + i + "@restart.example").build());
        }
        Set<String> messageIds = batch.stream()
                .map(delivery -> "<" + delivery.getMessageId() + ">")
                .collect(Collectors.toSet());
        kafka.sendAll(
                Topics.EMAIL_DELIVERIES,
                batch.stream()
                        .map(delivery -> Map.entry(delivery.getTicketId(), delivery))
                        .toList());
        String groups = "restart-it-" + UUID.randomUUID();

        ConfigurableApplicationContext first = notifier(groups);
        await().atMost(DEADLINE)
                .pollInterval(Duration.ofMillis(5))
                .until(() -> received(messageIds).size() >= 15);
        first.close();
        int beforeRestart = received(messageIds).size();
        assertThat(beforeRestart).isBetween(15, BATCH - 1);

        ConfigurableApplicationContext second = notifier(groups);
        try {
            await().atMost(DEADLINE).until(() -> received(messageIds).size() >= BATCH);
            awaitCaughtUp("email-" + groups);
        } finally {
            second.close();
        }
        assertThat(countsByMessageId(messageIds))
                .hasSize(BATCH)
                .allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1));

        String fresh = "restart-it-lost-offsets-" + UUID.randomUUID();
        ConfigurableApplicationContext third = notifier(fresh);
        try {
            awaitCaughtUp("email-" + fresh);
        } finally {
            third.close();
        }
        assertThat(countsByMessageId(messageIds))
                .hasSize(BATCH)
                .allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1));
        Map<String, List<DeliveryStatus>> log = kafka.read(Topics.DELIVERY_LOG).stream()
                .map(record -> record.value())
                .collect(Collectors.groupingBy(
                        DeliveryRecord::getDeliveryId,
                        Collectors.mapping(DeliveryRecord::getStatus, Collectors.toList())));
        for (EmailDelivery delivery : batch) {
            assertThat(log.get(delivery.getDeliveryId()))
                    .as(delivery.getDeliveryId())
                    .containsExactly(DeliveryStatus.DELIVERED, DeliveryStatus.SKIPPED);
        }
    }

    private static ConfigurableApplicationContext notifier(String groups) {
        return DeliveryOnlyApplication.run(kafka.arguments(
                groups,
                "--helpstream.delivery.smtp.host=127.0.0.1",
                "--helpstream.delivery.smtp.port=" + smtp.getSmtp().getPort()));
    }

    /** Waits until the group has handled (and committed) every record of the email topic. */
    private static void awaitCaughtUp(String groupId) {
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            await().atMost(DEADLINE)
                    .until(() ->
                            ClusterProbe.committedLag(admin, groupId, List.of(Topics.EMAIL_DELIVERIES.name())) == 0);
        }
    }

    private static List<String> received(Set<String> messageIds) {
        return Arrays.stream(smtp.getReceivedMessages())
                .map(DeliveryRestartIT::messageIdOf)
                .filter(messageIds::contains)
                .toList();
    }

    private static Map<String, Long> countsByMessageId(Set<String> messageIds) {
        return received(messageIds).stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static String messageIdOf(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
