package dev.helpstream.notifier.delivery;

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
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A measurement, not a test (its name keeps it out of the build): how many emails per second the
 * email deliverer sends, through the real listener, the embedded broker and a real SMTP server
 * (GreenMail). Run it alone:
 *
 * <pre>
 * ./mvnw -o -q verify -pl notifier-service -Dtest=EmailThroughputMeasurement \
 *     -Dsurefire.failIfNoSpecifiedTests=false [-Dmails=2000] [-Dconcurrency=6]
 * </pre>
 *
 * and read the line {@code Email throughput:} in {@code
 * target/surefire-reports/*EmailThroughputMeasurement-output.txt}.
 *
 * <p>How: the deliverers start and send a warm-up batch (one connection, JIT, partition
 * assignment); then {@code mails} deliveries with random ticket keys (spread over all partitions)
 * are written in one go, and the clock runs from the first write until the SMTP server holds every
 * message, and until the group has committed every offset. It checks what the figures rest on:
 * each message received exactly once, one DELIVERED record each. No figure is asserted.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class EmailThroughputMeasurement {

    private static final Logger log = LoggerFactory.getLogger(EmailThroughputMeasurement.class);
    private static final int WARM_UP = 60;
    private static final Duration DEADLINE = Duration.ofMinutes(5);

    @Test
    void measureEmailsPerSecond(KafkaCluster cluster) throws Exception {
        int mails = Integer.getInteger("mails", 2000);
        String concurrency = System.getProperty("concurrency", "");
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        DeliveryTestSupport kafka = new DeliveryTestSupport(cluster);
        kafka.provisionTopics();
        String groups = "throughput-" + UUID.randomUUID();
        List<String> arguments = new ArrayList<>(List.of(kafka.arguments(
                groups,
                "--helpstream.delivery.smtp.host=127.0.0.1",
                "--helpstream.delivery.smtp.port=" + smtp.getSmtp().getPort(),
                // GreenMail's line per new mailbox is not the notifier's cost; the notifier logs as it runs.
                "--logging.level.com.icegreen.greenmail=WARN")));
        if (!concurrency.isBlank()) {
            arguments.add("--helpstream.delivery.email.concurrency=" + concurrency);
        }
        try (ConfigurableApplicationContext app = DeliveryOnlyApplication.run(arguments.toArray(String[]::new));
                Admin admin = Admin.create(cluster.clientProperties())) {
            send(kafka, batch(WARM_UP, "warm-up"));
            assertThat(smtp.waitForIncomingEmail(DEADLINE.toMillis(), WARM_UP)).isTrue();

            List<EmailDelivery> measured = batch(mails, "measured");
            long start = System.nanoTime();
            send(kafka, measured);
            long written = System.nanoTime();
            assertThat(smtp.waitForIncomingEmail(DEADLINE.toMillis(), WARM_UP + mails))
                    .isTrue();
            long received = System.nanoTime();
            await().atMost(DEADLINE)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() ->
                            ClusterProbe.committedLag(admin, "email-" + groups, List.of(Topics.EMAIL_DELIVERIES.name()))
                                    == 0);
            long committed = System.nanoTime();

            log.info(
                    "Email throughput: {} mails (concurrency {}): written to the topic in {} ms; all received by"
                            + " SMTP after {} ms = {} mails/s; all offsets committed after {} ms = {} mails/s",
                    mails,
                    concurrency.isBlank() ? "default" : concurrency,
                    millis(written - start),
                    millis(received - start),
                    perSecond(mails, received - start),
                    millis(committed - start),
                    perSecond(mails, committed - start));

            Set<String> ids = measured.stream()
                    .map(delivery -> "<" + delivery.getMessageId() + ">")
                    .collect(Collectors.toSet());
            Map<String, Long> counts = Arrays.stream(smtp.getReceivedMessages())
                    .map(EmailThroughputMeasurement::messageIdOf)
                    .filter(ids::contains)
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(counts)
                    .hasSize(mails)
                    .allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1));
            Set<String> deliveryIds =
                    measured.stream().map(EmailDelivery::getDeliveryId).collect(Collectors.toSet());
            assertThat(kafka.read(Topics.DELIVERY_LOG).stream()
                            .map(record -> record.value())
                            .filter(record -> deliveryIds.contains(record.getDeliveryId()))
                            .map(DeliveryRecord::getStatus))
                    .hasSize(mails)
                    .containsOnly(DeliveryStatus.DELIVERED);
        } finally {
            smtp.stop();
        }
    }

    private static List<EmailDelivery> batch(int count, String prefix) {
        List<EmailDelivery> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            batch.add(email(prefix + "-" + i + "@throughput.example").build());
        }
        return batch;
    }

    private static void send(DeliveryTestSupport kafka, List<EmailDelivery> deliveries) {
        kafka.sendAll(
                Topics.EMAIL_DELIVERIES,
                deliveries.stream()
                        .map(delivery -> Map.entry(delivery.getTicketId(), delivery))
                        .toList());
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static long perSecond(int count, long nanos) {
        return Math.round(count / (nanos / 1e9));
    }

    private static String messageIdOf(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
