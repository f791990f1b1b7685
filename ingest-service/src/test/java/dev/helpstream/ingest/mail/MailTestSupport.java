package dev.helpstream.ingest.mail;

import static org.awaitility.Awaitility.await;

import dev.helpstream.ingest.IngestTestSupport;
import dev.helpstream.kafka.embedded.KafkaCluster;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.config.SupportAddress;
import dev.helpstream.schema.ids.ConfigKeys;
import dev.helpstream.schema.topic.Topics;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Config entities and mail helpers for the email intake's integration tests. */
final class MailTestSupport {

    static final String SUPPORT = "support@helpdesk.example.com";
    static final String BILLING = "billing@helpdesk.example.com";

    private MailTestSupport() {}

    /** A support address as the admin API saves it (entity id: the lower-case address). */
    static ConfigEntity supportAddress(String email, String departmentId) {
        return IngestTestSupport.entity(
                ConfigEntityType.SUPPORT_ADDRESS,
                email,
                SupportAddress.newBuilder()
                        .setEmail(email)
                        .setDepartmentId(departmentId)
                        .build());
    }

    /** Helpdesk settings with this mail size limit and the defaults otherwise. */
    static ConfigEntity settings(long maxEmailBytes) {
        return IngestTestSupport.entity(
                ConfigEntityType.HELPDESK_SETTINGS,
                ConfigKeys.SETTINGS_ID,
                HelpdeskSettings.newBuilder().setMaxEmailBytes(maxEmailBytes).build());
    }

    /** A session for building messages (and sending them over SMTP to {@code port}). */
    static Session session(int port) {
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.host", "127.0.0.1");
        properties.setProperty("mail.smtp.port", Integer.toString(port));
        properties.setProperty("mail.smtp.connectiontimeout", "10000");
        properties.setProperty("mail.smtp.timeout", "30000");
        return Session.getInstance(properties);
    }

    /** A plain-text message with a fixed Message-ID (kept by sendMessage, which does not save). */
    static MimeMessage message(Session session, String messageId, String from, String to, String subject, String text)
            throws Exception {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(from);
        message.setRecipients(jakarta.mail.Message.RecipientType.TO, to);
        message.setSubject(subject, "UTF-8");
        message.setText(text, "UTF-8");
        message.saveChanges();
        message.setHeader("Message-ID", "<" + messageId + ">");
        return message;
    }

    /** Waits until no upload or mail is left half-written in the blob store's staging area. */
    static void awaitNoStagingFiles(Path blobs) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (Stream<Path> staged = Files.list(blobs.resolve("staging"))) {
                return staged.findAny().isEmpty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A record of {@code ingest.dlq.v1}: its value and its headers as strings. */
    record DeadLetter(byte[] value, Map<String, String> headers) {}

    /** Reads {@code ingest.dlq.v1} from the offsets it had when opened. */
    static final class DeadLetterTopic implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();

        DeadLetterTopic(KafkaCluster cluster) {
            Map<String, Object> config = new HashMap<>(cluster.clientProperties());
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.INGEST_DLQ.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        }

        /** The first dead letter with this key, once it arrived. */
        DeadLetter awaitKey(String key) {
            byte[] wanted = key.getBytes(StandardCharsets.UTF_8);
            ConsumerRecord<byte[], byte[]> found = await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> {
                                consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
                                return seen.stream()
                                        .filter(record -> Arrays.equals(record.key(), wanted))
                                        .findFirst();
                            },
                            Optional::isPresent)
                    .orElseThrow();
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header header : found.headers()) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
            return new DeadLetter(found.value(), headers);
        }

        /** How many dead letters with this key arrived, reading for another second. */
        long countKey(String key) {
            byte[] wanted = key.getBytes(StandardCharsets.UTF_8);
            await().pollDelay(Duration.ZERO)
                    .during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
                        return true;
                    });
            return seen.stream()
                    .filter(record -> Arrays.equals(record.key(), wanted))
                    .count();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
