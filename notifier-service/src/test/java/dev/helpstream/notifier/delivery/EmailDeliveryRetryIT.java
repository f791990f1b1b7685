package dev.helpstream.notifier.delivery;

import static dev.helpstream.notifier.delivery.DeliveryTestSupport.DEADLINE;
import static dev.helpstream.notifier.delivery.DeliveryTestSupport.email;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.helpstream.kafka.embedded.ClusterProbe;
import dev.helpstream.kafka.embedded.EmbeddedKafkaExtension;
import dev.helpstream.kafka.embedded.KafkaCluster;
import dev.helpstream.schema.DeliveryRecord;
import dev.helpstream.schema.DeliveryStatus;
import dev.helpstream.schema.EmailDelivery;
import dev.helpstream.schema.topic.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A mail that fails in the middle of a poll's records, on a real broker and a real (scripted) SMTP
 * server: the mails before it are not sent again, it is retried on its own and sent once, and the
 * ones after it follow, each once.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class EmailDeliveryRetryIT {

    @Test
    void shouldRetryAMailThatFailedMidPollWithoutSendingTheOnesBeforeItAgain(KafkaCluster cluster) throws Exception {
        DeliveryTestSupport kafka = new DeliveryTestSupport(cluster);
        kafka.provisionTopics();
        String ticketId = UUID.randomUUID().toString();
        List<EmailDelivery> mails = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            // One ticket: one partition, in this order, all in the first poll of the new group.
            mails.add(email("customer-" + i + "@retry.example")
                    .setTicketId(ticketId)
                    .build());
        }
        kafka.sendAll(
                Topics.EMAIL_DELIVERIES,
                mails.stream().map(mail -> Map.entry(ticketId, mail)).toList());
        String groups = "retry-it-" + UUID.randomUUID();

        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(Map.of(), "250 queued")) {
            smtp.replyOnce("customer-2@retry.example", "451 4.3.0 try again later");
            try (ConfigurableApplicationContext app = DeliveryOnlyApplication.run(kafka.arguments(
                            groups,
                            "--helpstream.delivery.email.concurrency=1",
                            "--helpstream.delivery.smtp.host=127.0.0.1",
                            "--helpstream.delivery.smtp.port=" + smtp.port()));
                    Admin admin = Admin.create(cluster.clientProperties())) {
                await().atMost(DEADLINE).until(() -> smtp.accepted().size() == 5);
                await().atMost(DEADLINE)
                        .until(() -> ClusterProbe.committedLag(
                                        admin, "email-" + groups, List.of(Topics.EMAIL_DELIVERIES.name()))
                                == 0);
            }

            assertThat(smtp.accepted())
                    .containsExactly(
                            "customer-0@retry.example",
                            "customer-1@retry.example",
                            "customer-2@retry.example",
                            "customer-3@retry.example",
                            "customer-4@retry.example");
            assertThat(smtp.messagesReceived()).isEqualTo(5);
        }
        for (EmailDelivery mail : mails) {
            List<DeliveryStatus> expected = mail.getTo().get(0).getEmail().equals("customer-2@retry.example")
                    ? List.of(DeliveryStatus.RETRYING, DeliveryStatus.DELIVERED)
                    : List.of(DeliveryStatus.DELIVERED);
            assertThat(kafka.logOf(mail.getDeliveryId()))
                    .as(mail.getTo().get(0).getEmail())
                    .extracting(DeliveryRecord::getStatus)
                    .isEqualTo(expected);
        }
    }
}
