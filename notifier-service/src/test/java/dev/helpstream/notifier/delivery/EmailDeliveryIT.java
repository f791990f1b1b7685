package dev.helpstream.notifier.delivery;

import static dev.helpstream.notifier.delivery.DeliveryTestSupport.DEADLINE;
import static dev.helpstream.notifier.delivery.DeliveryTestSupport.email;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.helpstream.kafka.embedded.EmbeddedKafkaExtension;
import dev.helpstream.kafka.embedded.KafkaCluster;
import dev.helpstream.schema.AttachmentRef;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.DeadLetter;
import dev.helpstream.schema.DeliveryChannel;
import dev.helpstream.schema.DeliveryRecord;
import dev.helpstream.schema.DeliveryStatus;
import dev.helpstream.schema.EmailDelivery;
import dev.helpstream.schema.topic.Topics;
import dev.helpstream.support.content.FileSystemBlobStore;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The email deliverer as it runs: a real broker, a real SMTP server (GreenMail), a blob store on disk. */
@ExtendWith(EmbeddedKafkaExtension.class)
class EmailDeliveryIT {

    @TempDir
    static Path blobsDirectory;

    private static final GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    private static DeliveryTestSupport kafka;
    private static ConfigurableApplicationContext app;

    @BeforeAll
    static void start(KafkaCluster cluster) {
        smtp.start();
        kafka = new DeliveryTestSupport(cluster);
        kafka.provisionTopics();
        app = DeliveryOnlyApplication.run(kafka.arguments(
                "email-it-" + UUID.randomUUID(),
                "--helpstream.delivery.smtp.host=127.0.0.1",
                "--helpstream.delivery.smtp.port=" + smtp.getSmtp().getPort(),
                "--helpstream.delivery.blobs-directory=" + blobsDirectory));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        smtp.stop();
    }

    @Test
    void shouldSendThePlannedEmailWithItsHeadersBodiesAndAttachment() throws Exception {
        byte[] pdf = "%PDF-1.4 invoice 2025-03".getBytes(StandardCharsets.US_ASCII);
        AttachmentRef invoice = AttachmentRef.newBuilder()
                .setAttachmentId("att-1")
                .setFileName("facture-mars.pdf")
                .setContentType("application/pdf")
                .setSizeBytes(pdf.length)
                .setSha256(sha256(pdf))
                .setStorageKey(store(pdf))
                .build();
        String ticketId = UUID.randomUUID().toString();
        String messageId = "t." + ticketId + ".0a1b2c3d4e5f@help.example";
        EmailDelivery delivery = email("elodie@customer.example")
                .setTicketId(ticketId)
                .setKind("AGENT_REPLY")
                .setFrom(new Contact("support@help.example", "Alice Martin (Example Support)", null))
                .setReplyTo("support@help.example")
                .setTo(List.of(new Contact("elodie@customer.example", "Élodie Durand", null)))
                .setCc(List.of(new Contact("ops@customer.example", null, null)))
                .setSubject("[#10234] Re: Problème de DNS — résolu")
                .setText("Bonjour Élodie,\n\nLe DNS est corrigé.\n\n-- \nAlice, Support")
                .setHtml("<p>Bonjour Élodie,</p><p>Le DNS est corrigé.</p><p>-- <br>Alice, Support</p>")
                .setMessageId(messageId)
                .setInReplyTo("CAF=original@mail.customer.example")
                .setReferences(
                        List.of("CAF=original@mail.customer.example", "t." + ticketId + ".ffeeddccbbaa@help.example"))
                .setHeaders(Map.of("Auto-Submitted", "auto-replied", "X-Loop", "helpstream@help.example"))
                .setAttachments(List.of(invoice))
                .setLanguage("fr")
                .build();

        kafka.send(Topics.EMAIL_DELIVERIES, ticketId, delivery);

        List<MimeMessage> copies = awaitMessages(messageId, 2);
        assertThat(copies).hasSize(2);
        MimeMessage mail = copies.get(0);
        assertThat(mail.getHeader("Message-ID")).containsExactly("<" + messageId + ">");
        assertThat(mail.getHeader("In-Reply-To")).containsExactly("<CAF=original@mail.customer.example>");
        assertThat(MimeUtility.unfold(mail.getHeader("References", " ")))
                .isEqualTo("<CAF=original@mail.customer.example> <t." + ticketId + ".ffeeddccbbaa@help.example>");
        assertThat(mail.getHeader("X-Loop")).containsExactly("helpstream@help.example");
        assertThat(mail.getHeader("Auto-Submitted")).containsExactly("auto-replied");
        assertThat(mail.getHeader("Content-Language")).containsExactly("fr");
        InternetAddress from = (InternetAddress) mail.getFrom()[0];
        assertThat(from.getAddress()).isEqualTo("support@help.example");
        assertThat(from.getPersonal()).isEqualTo("Alice Martin (Example Support)");
        assertThat(((InternetAddress) mail.getReplyTo()[0]).getAddress()).isEqualTo("support@help.example");
        InternetAddress to = (InternetAddress) mail.getRecipients(Message.RecipientType.TO)[0];
        assertThat(to.getAddress()).isEqualTo("elodie@customer.example");
        assertThat(to.getPersonal()).isEqualTo("Élodie Durand");
        assertThat(Arrays.stream(mail.getRecipients(Message.RecipientType.CC))
                        .map(address -> ((InternetAddress) address).getAddress()))
                .containsExactly("ops@customer.example");
        assertThat(mail.getSubject()).isEqualTo("[#10234] Re: Problème de DNS — résolu");
        assertThat(mail.getHeader("Subject")[0]).startsWith("=?UTF-8?");

        assertThat(mail.getContentType()).startsWith("multipart/mixed");
        Multipart mixed = (Multipart) mail.getContent();
        assertThat(mixed.getCount()).isEqualTo(2);
        assertThat(mixed.getBodyPart(0).getContentType()).startsWith("multipart/alternative");
        Multipart alternative = (Multipart) mixed.getBodyPart(0).getContent();
        assertThat(alternative.getCount()).isEqualTo(2);
        assertThat(alternative.getBodyPart(0).getContentType()).startsWith("text/plain; charset=UTF-8");
        assertThat(normalized(alternative.getBodyPart(0).getContent()))
                .isEqualTo("Bonjour Élodie,\n\nLe DNS est corrigé.\n\n-- \nAlice, Support");
        assertThat(alternative.getBodyPart(1).getContentType()).startsWith("text/html; charset=UTF-8");
        assertThat(normalized(alternative.getBodyPart(1).getContent()))
                .isEqualTo("<p>Bonjour Élodie,</p><p>Le DNS est corrigé.</p><p>-- <br>Alice, Support</p>");
        BodyPart attachment = mixed.getBodyPart(1);
        assertThat(attachment.getDisposition()).isEqualTo(Part.ATTACHMENT);
        assertThat(attachment.getFileName()).isEqualTo("facture-mars.pdf");
        assertThat(attachment.getContentType()).startsWith("application/pdf");
        assertThat(attachment.getInputStream().readAllBytes()).isEqualTo(pdf);

        List<DeliveryRecord> log = kafka.awaitLog(delivery.getDeliveryId(), 1);
        assertThat(log).hasSize(1);
        assertThat(log.get(0).getStatus()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(log.get(0).getAttempt()).isEqualTo(1);
        assertThat(log.get(0).getChannel()).isEqualTo(DeliveryChannel.EMAIL);
        assertThat(log.get(0).getTarget()).isEqualTo("elodie@customer.example,ops@customer.example");
        assertThat(log.get(0).getEventType()).isEqualTo("AGENT_REPLY");
        assertThat(log.get(0).getTicketId()).isEqualTo(ticketId);
    }

    @Test
    void shouldSendNothingWhenADeliveredDeliveryIsPublishedAgain() {
        EmailDelivery delivery = email("again@customer.example").build();
        kafka.send(Topics.EMAIL_DELIVERIES, delivery.getTicketId(), delivery);
        kafka.awaitLog(delivery.getDeliveryId(), 1);

        kafka.send(Topics.EMAIL_DELIVERIES, delivery.getTicketId(), delivery);

        List<DeliveryRecord> log = kafka.awaitLog(delivery.getDeliveryId(), 2);
        assertThat(log)
                .extracting(DeliveryRecord::getStatus)
                .containsExactly(DeliveryStatus.DELIVERED, DeliveryStatus.SKIPPED);
        assertThat(messagesWithId(delivery.getMessageId())).hasSize(1);
    }

    @Test
    void shouldSkipAnEmailPlannedLongerAgoThanTheMaximumAgeAndSendTheNextOne() {
        Instant planned = Instant.now().minus(Duration.ofDays(3).plusMinutes(5)).truncatedTo(ChronoUnit.MILLIS);
        EmailDelivery stale =
                email("replayed@customer.example").setPlannedAt(planned).build();
        EmailDelivery fresh = email("replayed@customer.example")
                .setTicketId(stale.getTicketId())
                .build();

        kafka.send(Topics.EMAIL_DELIVERIES, stale.getTicketId(), stale);
        kafka.send(Topics.EMAIL_DELIVERIES, fresh.getTicketId(), fresh);

        assertThat(awaitMessages(fresh.getMessageId(), 1)).hasSize(1);
        List<DeliveryRecord> log = kafka.awaitLog(stale.getDeliveryId(), 1);
        assertThat(log).hasSize(1);
        assertThat(log.get(0).getStatus()).isEqualTo(DeliveryStatus.SKIPPED);
        assertThat(log.get(0).getError()).isEqualTo("stale: planned at " + planned + ", older than 3d");
        assertThat(log.get(0).getTarget()).isEqualTo("replayed@customer.example");
        assertThat(messagesWithId(stale.getMessageId())).isEmpty();
    }

    @Test
    void shouldDeadLetterAnEmailWhoseAttachmentIsMissingAfterOneAttempt() {
        String missingKey = "sha256:" + "0".repeat(64);
        EmailDelivery delivery = email("missing@customer.example")
                .setAttachments(List.of(AttachmentRef.newBuilder()
                        .setAttachmentId("att-gone")
                        .setFileName("gone.txt")
                        .setContentType("text/plain")
                        .setSizeBytes(4)
                        .setSha256("0".repeat(64))
                        .setStorageKey(missingKey)
                        .build()))
                .build();

        kafka.send(Topics.EMAIL_DELIVERIES, delivery.getTicketId(), delivery);

        ConsumerRecord<String, DeadLetter> record = kafka.awaitDeadLetter(delivery.getDeliveryId());
        DeadLetter letter = record.value();
        assertThat(record.key()).isEqualTo(delivery.getEventId());
        assertThat(letter.getAttempts()).isEqualTo(1);
        assertThat(letter.getChannel()).isEqualTo(DeliveryChannel.EMAIL);
        assertThat(letter.getTarget()).isEqualTo("missing@customer.example");
        assertThat(letter.getLastError())
                .isEqualTo("attachment 'gone.txt' (" + missingKey + ") is not in the blob store");
        assertThat(letter.getHttpStatus()).isNull();
        assertThat(letter.getSourceTopic()).isEqualTo(Topics.EVENTS.name());
        assertThat(letter.getSourcePartition()).isEqualTo(2);
        assertThat(letter.getSourceOffset()).isEqualTo(41);
        assertThat(letter.getPayloadContentType()).isEqualTo("message/rfc822");
        String rendered = StandardCharsets.UTF_8.decode(letter.getPayload()).toString();
        assertThat(rendered).contains("Message-ID: <" + delivery.getMessageId() + ">");
        assertThat(rendered).contains("We received your request.");
        assertThat(letter.getFirstAttemptAt()).isEqualTo(letter.getLastAttemptAt());
        assertThat(DeliveryTestSupport.headers(record))
                .containsEntry("helpstream.delivery.topic", Topics.EMAIL_DELIVERIES.name());

        assertThat(kafka.logOf(delivery.getDeliveryId()))
                .extracting(DeliveryRecord::getStatus, DeliveryRecord::getAttempt)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(DeliveryStatus.DEAD_LETTERED, 1));
        assertThat(messagesWithId(delivery.getMessageId())).isEmpty();
    }

    @Test
    void shouldSendAPoisonRecordToTheDeadLetterQueueAndKeepDelivering() {
        byte[] garbage = new byte[64];
        new Random(42).nextBytes(garbage);
        String poisonKey = "poison-" + UUID.randomUUID();
        kafka.sendRaw(Topics.EMAIL_DELIVERIES.name(), poisonKey, garbage);
        EmailDelivery next = email("next@customer.example").build();
        kafka.send(Topics.EMAIL_DELIVERIES, next.getTicketId(), next);

        ConsumerRecord<byte[], byte[]> poison = kafka.awaitPoison(poisonKey);
        assertThat(poison.value()).isEqualTo(garbage);
        Map<String, String> headers = DeliveryTestSupport.headers(poison);
        assertThat(headers.get(DeliveryRecoverer.HEADER_MESSAGE))
                .startsWith("Cannot decode dev.helpstream.schema.EmailDelivery from topic 'notifications.email.v1'");
        assertThat(headers).containsEntry(DeliveryRecoverer.HEADER_TOPIC, Topics.EMAIL_DELIVERIES.name());
        assertThat(headers).containsKeys(DeliveryRecoverer.HEADER_PARTITION, DeliveryRecoverer.HEADER_OFFSET);
        assertThat(headers)
                .containsEntry(DeliveryRecoverer.HEADER_EXCEPTION, "dev.helpstream.schema.serde.AvroDecodingException");

        assertThat(awaitMessages(next.getMessageId(), 1)).hasSize(1);
    }

    @Test
    void shouldSendTheDeliveriesOfEveryPartitionEachOnceWithAConsumerPerPartition() {
        int partitions = Topics.EMAIL_DELIVERIES.partitions();
        @SuppressWarnings("unchecked")
        ConcurrentMessageListenerContainer<String, EmailDelivery> listener =
                app.getBean(DeliveryConfiguration.EMAIL_LISTENER, ConcurrentMessageListenerContainer.class);
        assertThat(listener.getConcurrency()).isEqualTo(partitions);
        await().atMost(DEADLINE)
                .untilAsserted(() -> assertThat(listener.getContainers())
                        .allSatisfy(consumer ->
                                assertThat(consumer.getAssignedPartitions()).hasSize(1)));

        Map<String, Integer> partitionByDeliveryId = new HashMap<>();
        List<Map.Entry<String, EmailDelivery>> records = new ArrayList<>();
        int[] perPartition = new int[partitions];
        while (records.size() < 5 * partitions) {
            EmailDelivery delivery = email("spread@customer.example").build();
            int partition = partitionOf(delivery.getTicketId(), partitions);
            if (perPartition[partition] < 5) {
                perPartition[partition]++;
                partitionByDeliveryId.put(delivery.getDeliveryId(), partition);
                records.add(Map.entry(delivery.getTicketId(), delivery));
            }
        }

        kafka.sendAll(Topics.EMAIL_DELIVERIES, records);

        for (Map.Entry<String, EmailDelivery> record : records) {
            assertThat(awaitMessages(record.getValue().getMessageId(), 1)).hasSize(1);
        }
        Map<String, List<ConsumerRecord<String, DeliveryRecord>>> log = await().atMost(DEADLINE)
                .until(
                        () -> kafka.read(Topics.DELIVERY_LOG).stream()
                                .filter(outcome -> partitionByDeliveryId.containsKey(
                                        outcome.value().getDeliveryId()))
                                .collect(Collectors.groupingBy(
                                        outcome -> outcome.value().getDeliveryId())),
                        outcomes -> outcomes.size() == records.size());
        assertThat(log).allSatisfy((deliveryId, outcomes) -> {
            assertThat(outcomes).hasSize(1);
            assertThat(outcomes.get(0).value().getStatus()).isEqualTo(DeliveryStatus.DELIVERED);
            // Where the ledger of that partition looks for it.
            assertThat(outcomes.get(0).partition()).isEqualTo(partitionByDeliveryId.get(deliveryId));
        });
        for (Map.Entry<String, EmailDelivery> record : records) {
            assertThat(messagesWithId(record.getValue().getMessageId())).hasSize(1);
        }
    }

    @Test
    void shouldReportBothListenersRunningOnTheHealthEndpoint() {
        WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + app.getEnvironment().getProperty("local.server.port"))
                .build()
                .get()
                .uri("/actuator/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.components.deliveries.status")
                .isEqualTo("UP")
                .jsonPath("$.components.deliveries.details.email-deliveries.running")
                .isEqualTo(true)
                .jsonPath("$.components.deliveries.details.webhook-deliveries.topics[0]")
                .isEqualTo(Topics.WEBHOOK_DELIVERIES.name());
    }

    /** The partition the producer's default partitioner picks for a key. */
    private static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private static List<MimeMessage> awaitMessages(String messageId, int count) {
        return await().atMost(DEADLINE).until(() -> messagesWithId(messageId), found -> found.size() >= count);
    }

    private static List<MimeMessage> messagesWithId(String messageId) {
        return Arrays.stream(smtp.getReceivedMessages())
                .filter(message -> ("<" + messageId + ">").equals(messageIdOf(message)))
                .toList();
    }

    private static String messageIdOf(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String normalized(Object content) {
        return content.toString().replace("\r\n", "\n");
    }

    private static String store(byte[] bytes) throws Exception {
        FileSystemBlobStore blobs = new FileSystemBlobStore(blobsDirectory);
        Path staged = blobs.newStagingFile();
        Files.write(staged, bytes);
        return blobs.commit(staged, sha256(bytes));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
