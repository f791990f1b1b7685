package dev.helpstream.ingest.mail;

import static dev.helpstream.ingest.mail.MailTestSupport.SUPPORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.helpstream.ingest.IngestTestSupport;
import dev.helpstream.kafka.embedded.EmbeddedKafkaCluster;
import dev.helpstream.kafka.embedded.KafkaCluster;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.UUID;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * When Kafka does not acknowledge a mail, the SMTP listener answers 451 so that the sending server
 * keeps the mail and tries again: it never answers 250 for a mail that is not durable. Runs its own
 * broker, because it stops it.
 */
class SmtpKafkaOutageIT {

    @TempDir
    Path kafkaData;

    @TempDir
    Path blobs;

    @Test
    void shouldAnswer451WhenKafkaDoesNotAcknowledgeTheMail() throws Exception {
        EmbeddedKafkaCluster broker =
                EmbeddedKafkaCluster.builder().dataDirectory(kafkaData).build().start();
        KafkaCluster cluster = new KafkaCluster(broker.bootstrapServers(), true, (short) 1);
        IngestTestSupport.provisionTopics(cluster);
        IngestTestSupport.writeConfig(cluster, MailTestSupport.supportAddress(SUPPORT, "support"));
        try (ConfigurableApplicationContext app = IngestTestSupport.start(
                cluster,
                blobs,
                "--helpstream.kafka.send-timeout=2s",
                "--helpstream.ingest.mail.smtp.enabled=true",
                "--helpstream.ingest.mail.smtp.host=127.0.0.1",
                "--helpstream.ingest.mail.smtp.port=0")) {
            Session session =
                    MailTestSupport.session(app.getBean(SmtpListener.class).port());
            MimeMessage mail = MailTestSupport.message(
                    session,
                    UUID.randomUUID() + "@mail.example.org",
                    "erin@example.com",
                    SUPPORT,
                    "During the outage",
                    "Hello?");
            broker.close();

            SMTPSendFailedException refused = catchThrowableOfType(SMTPSendFailedException.class, () -> {
                try (Transport transport = session.getTransport("smtp")) {
                    transport.connect();
                    transport.sendMessage(mail, new InternetAddress[] {new InternetAddress(SUPPORT)});
                }
            });

            assertThat(refused.getReturnCode()).isEqualTo(451);
            assertThat(refused.getMessage()).contains("4.3.0 The message could not be stored; try again later");
        } finally {
            broker.close();
        }
    }
}
