package dev.helpstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.helpstream.kafka.embedded.EmbeddedKafkaExtension;
import dev.helpstream.kafka.embedded.KafkaCluster;
import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.AttachmentRef;
import dev.helpstream.schema.AutomationIndicators;
import dev.helpstream.schema.Channel;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.InboundHints;
import dev.helpstream.schema.InboundMessage;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.schema.ids.TicketIds;
import dev.helpstream.support.content.FileSystemBlobStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/** The HTTP API on the real service, against the real broker, as integrators and the public use it. */
@ExtendWith(EmbeddedKafkaExtension.class)
class TicketApiIT {

    private static final String USER_AGENT = "helpstream-it/1.0";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String WRITER_ID = "it-writer-" + RUN;
    private static final String WRITER_SECRET = "hs_live_" + UUID.randomUUID();
    private static final String OTHER_WRITER_ID = "it-other-" + RUN;
    private static final String OTHER_WRITER_SECRET = "hs_live_" + UUID.randomUUID();
    private static final String READER_SECRET = "hs_live_" + UUID.randomUUID();
    private static final String DISABLED_SECRET = "hs_live_" + UUID.randomUUID();

    @TempDir
    static Path blobs;

    private static KafkaCluster cluster;
    private static ConfigurableApplicationContext app;
    private static WebTestClient http;
    private IngestTestSupport.InboundTopic inbound;

    @BeforeAll
    static void start(KafkaCluster kafka) throws Exception {
        cluster = kafka;
        IngestTestSupport.provisionTopics(kafka);
        IngestTestSupport.writeConfig(
                kafka, IngestTestSupport.apiKey(WRITER_ID, WRITER_SECRET, true, "tickets:create"));
        IngestTestSupport.writeConfig(
                kafka, IngestTestSupport.apiKey(OTHER_WRITER_ID, OTHER_WRITER_SECRET, true, "tickets:create"));
        IngestTestSupport.writeConfig(
                kafka, IngestTestSupport.apiKey("it-reader-" + RUN, READER_SECRET, true, "tickets:read"));
        IngestTestSupport.writeConfig(
                kafka, IngestTestSupport.apiKey("it-disabled-" + RUN, DISABLED_SECRET, false, "tickets:create"));
        app = IngestTestSupport.start(kafka, blobs);
        http = IngestTestSupport.http(app);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @BeforeEach
    void openInbound() {
        inbound = new IngestTestSupport.InboundTopic(cluster);
    }

    @AfterEach
    void closeInbound() {
        inbound.close();
    }

    @Test
    void shouldWriteTheExactInboundMessageForAJsonPostWithAnApiKey() {
        String subject = "VPS unreachable " + UUID.randomUUID();
        String key = "order-" + UUID.randomUUID();
        Instant before = Instant.now().minusMillis(1);

        http.post()
                .uri("/api/v1/tickets")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + WRITER_SECRET)
                .header("Idempotency-Key", key)
                .header(HttpHeaders.USER_AGENT, USER_AGENT)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "email", "Alice@Example.COM",
                        "name", "Alice Smith",
                        "subject", subject,
                        "body", "My VPS stopped answering at 10:00.\r\nPlease help.",
                        "cc", List.of("ops@example.com", "alice@example.com", "OPS@example.com"),
                        "departmentId", "support",
                        "serviceId", "vps",
                        "language", "en-gb"))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectHeader()
                .location("/api/v1/tickets/" + TicketIds.forInboundMessage("api:" + WRITER_ID + ":" + key))
                .expectBody()
                .jsonPath("$.ticketId")
                .isEqualTo(TicketIds.forInboundMessage("api:" + WRITER_ID + ":" + key))
                .jsonPath("$.messageId")
                .isEqualTo("api:" + WRITER_ID + ":" + key);

        String messageId = "api:" + WRITER_ID + ":" + key;
        List<InboundMessage> written = inbound.awaitKey(messageId, 1);
        assertThat(written).hasSize(1);
        InboundMessage message = written.get(0);
        assertThat(message.getReceivedAt()).isBetween(before, Instant.now());
        assertThat(message)
                .isEqualTo(InboundMessage.newBuilder()
                        .setMessageId(messageId)
                        .setChannel(Channel.API)
                        .setReceivedAt(message.getReceivedAt())
                        .setFrom(contact("Alice@example.com", "Alice Smith"))
                        .setTo(List.of())
                        .setCc(List.of(contact("ops@example.com", null)))
                        .setSubject(subject)
                        .setBody(MessageBody.newBuilder()
                                .setText("My VPS stopped answering at 10:00.\nPlease help.")
                                .build())
                        .setAttachments(List.of())
                        .setReferences(List.of())
                        .setAutomation(AutomationIndicators.newBuilder().build())
                        .setHints(InboundHints.newBuilder()
                                .setDepartmentId("support")
                                .setServiceId("vps")
                                .build())
                        .setSubmittedBy(Actor.newBuilder()
                                .setKind(ActorKind.INTEGRATION)
                                .setId(WRITER_ID)
                                .setDisplayName("Integration " + WRITER_ID)
                                .build())
                        .setLanguage("en-GB")
                        .setClientIp("127.0.0.1")
                        .setUserAgent(USER_AGENT)
                        .setHeaders(Map.of("idempotency-key", key))
                        .build());
    }

    @Test
    void shouldAcceptAPublicMultipartFormAndStoreItsAttachmentsByContent() throws Exception {
        String subject = "Invoice question " + UUID.randomUUID();
        byte[] photo = SampleFiles.jpeg();
        byte[] report = SampleFiles.docx();
        MultipartBodyBuilder form = publicForm(subject);
        form.part("cc", "billing@example.com, boss@example.org");
        form.part("attachments", new NamedBytes(photo, "../../screen shot.JPG")).contentType(MediaType.IMAGE_JPEG);
        form.part("attachments", new NamedBytes(report, "report.docx"))
                .contentType(MediaType.parseMediaType(
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"));

        TicketAccepted accepted = http.post()
                .uri("/api/v1/tickets")
                .header(HttpHeaders.USER_AGENT, USER_AGENT)
                .body(BodyInserters.fromMultipartData(form.build()))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(TicketAccepted.class)
                .returnResult()
                .getResponseBody();

        assertThat(accepted.messageId()).startsWith("form:");
        assertThat(accepted.ticketId()).isEqualTo(TicketIds.forInboundMessage(accepted.messageId()));
        InboundMessage message = inbound.awaitKey(accepted.messageId(), 1).get(0);
        assertThat(message.getChannel()).isEqualTo(Channel.WEB_FORM);
        assertThat(message.getSubmittedBy()).isNull();
        assertThat(message.getFrom()).isEqualTo(contact("bob@example.net", "Bob Jones"));
        assertThat(message.getCc())
                .containsExactly(contact("billing@example.com", null), contact("boss@example.org", null));
        assertThat(message.getHeaders()).isEmpty();
        assertThat(message.getAttachments())
                .containsExactly(
                        attachment(accepted.messageId(), 0, "screen shot.JPG", "image/jpeg", photo),
                        attachment(
                                accepted.messageId(),
                                1,
                                "report.docx",
                                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                                report));
        FileSystemBlobStore store = new FileSystemBlobStore(blobs);
        assertThat(store.locate(message.getAttachments().get(0).getStorageKey()))
                .hasBinaryContent(photo);
        assertThat(store.locate(message.getAttachments().get(1).getStorageKey()))
                .hasBinaryContent(report);
        awaitNoStagingFiles();
    }

    @Test
    void shouldAnswerTheSameTicketForARetryWithTheSameIdempotencyKey() {
        String subject = "Retry me " + UUID.randomUUID();
        String key = UUID.randomUUID().toString();

        TicketAccepted first = postJson(WRITER_SECRET, key, apiTicket(subject));
        TicketAccepted second = postJson(WRITER_SECRET, key, apiTicket(subject));

        assertThat(second).isEqualTo(first);
        assertThat(first.messageId()).isEqualTo("api:" + WRITER_ID + ":" + key);
        assertThat(first.ticketId()).isEqualTo(TicketIds.forInboundMessage(first.messageId()));
        // The retry is answered from this instance's memory of the acknowledged first write; were it
        // written again, it would carry the same key and be dropped by routing's dedup.
        assertThat(inbound.withSubjectAfterDraining(subject))
                .singleElement()
                .extracting(InboundMessage::getMessageId)
                .isEqualTo(first.messageId());
    }

    @Test
    void shouldKeepTheIdempotencyKeysOfTwoIntegratorsApart() {
        String key = "42";
        String subject = "Same key " + UUID.randomUUID();

        TicketAccepted mine = postJson(WRITER_SECRET, key, apiTicket(subject));
        TicketAccepted theirs = postJson(OTHER_WRITER_SECRET, key, apiTicket(subject));

        assertThat(mine.messageId()).isEqualTo("api:" + WRITER_ID + ":42");
        assertThat(theirs.messageId()).isEqualTo("api:" + OTHER_WRITER_ID + ":42");
        assertThat(mine.ticketId()).isNotEqualTo(theirs.ticketId());
        assertThat(inbound.withSubjectAfterDraining(subject)).hasSize(2);
    }

    @Test
    void shouldRefuseAnIdempotencyKeyReusedForADifferentRequest() {
        String key = UUID.randomUUID().toString();
        String subject = "Original " + UUID.randomUUID();
        postJson(WRITER_SECRET, key, apiTicket(subject));

        http.post()
                .uri("/api/v1/tickets")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + WRITER_SECRET)
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(apiTicket("Something else " + subject))
                .exchange()
                .expectStatus()
                .isEqualTo(422)
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("Idempotency-Key")
                .jsonPath("$.errors[0].reason")
                .isEqualTo("was already used for a different request");

        assertThat(inbound.withSubjectAfterDraining("Something else " + subject))
                .isEmpty();
    }

    @Test
    void shouldRefuseAnInvalidCcWithAProblemAndWriteNothing() {
        String subject = "Bad cc " + UUID.randomUUID();
        Map<String, Object> ticket = new java.util.HashMap<>(apiTicket(subject));
        ticket.put("cc", List.of("ok@example.com", "not-an-address", "x@localhost"));

        http.post()
                .uri("/api/v1/tickets")
                .header("X-Api-Key", WRITER_SECRET)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(ticket)
                .exchange()
                .expectStatus()
                .isEqualTo(422)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .json("""
                        {"type": "urn:helpstream:problem:invalid-request",
                         "title": "The request has invalid fields",
                         "status": 422,
                         "detail": "2 fields are invalid",
                         "instance": "/api/v1/tickets",
                         "errors": [
                           {"field": "cc[1]", "reason": "is not a valid email address: it must contain exactly one @"},
                           {"field": "cc[2]", "reason": "is not a valid email address: it has a domain without a top-level domain"}
                         ]}
                        """, org.springframework.test.json.JsonCompareMode.STRICT);

        assertThat(inbound.withSubjectAfterDraining(subject)).isEmpty();
    }

    @Test
    void shouldRefuseARenamedExecutableAndARenamedScriptAndWriteNothing() {
        for (byte[] disguised : List.of(SampleFiles.windowsExecutable(), SampleFiles.shellScript())) {
            String subject = "Disguised " + UUID.randomUUID();
            MultipartBodyBuilder form = apiForm(subject);
            form.part("attachments", new NamedBytes(disguised, "photo.jpg")).contentType(MediaType.IMAGE_JPEG);

            http.post()
                    .uri("/api/v1/tickets")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + WRITER_SECRET)
                    .body(BodyInserters.fromMultipartData(form.build()))
                    .exchange()
                    .expectStatus()
                    .isEqualTo(422)
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.errors.length()")
                    .isEqualTo(1)
                    .jsonPath("$.errors[0].field")
                    .isEqualTo("attachments[0]")
                    .jsonPath("$.errors[0].reason")
                    .value(reason -> assertThat((String) reason)
                            .startsWith("(photo.jpg) contains an executable, a script or active content"));

            assertThat(inbound.withSubjectAfterDraining(subject)).isEmpty();
        }
        awaitNoStagingFiles();
    }

    @Test
    void shouldRefuseAnExtensionOutsideTheAllowlistBeforeReadingTheFile() {
        String subject = "Exe " + UUID.randomUUID();
        MultipartBodyBuilder form = apiForm(subject);
        form.part("attachments", new NamedBytes(SampleFiles.jpeg(), "photo.jpg"));
        form.part("attachments", new NamedBytes(SampleFiles.windowsExecutable(), "setup.exe"));

        http.post()
                .uri("/api/v1/tickets")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + WRITER_SECRET)
                .body(BodyInserters.fromMultipartData(form.build()))
                .exchange()
                .expectStatus()
                .isEqualTo(422)
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("attachments[1]")
                .jsonPath("$.errors[0].reason")
                .isEqualTo("(setup.exe) has the extension .exe, which is not accepted; accepted: jpg, jpeg, png, doc,"
                        + " docx, xls, xlsx");

        assertThat(inbound.withSubjectAfterDraining(subject)).isEmpty();
        awaitNoStagingFiles();
    }

    @Test
    void shouldRefuseKeysThatAreUnknownDisabledOrLackTheCreateScope() {
        String subject = "Who am I " + UUID.randomUUID();

        refuseWithKey("hs_live_unknown", 401, "The API key is not known.", subject);
        refuseWithKey(DISABLED_SECRET, 401, "The API key is disabled.", subject);
        refuseWithKey(READER_SECRET, 403, "The API key lacks the scope tickets:create.", subject);

        assertThat(inbound.withSubjectAfterDraining(subject)).isEmpty();
    }

    @Test
    void shouldRefuseAttachmentsInAJsonBody() {
        Map<String, Object> ticket = new java.util.HashMap<>(apiTicket("Json files " + UUID.randomUUID()));
        ticket.put("attachments", List.of(Map.of("name", "a.jpg")));
        ticket.put("priority", "high");

        http.post()
                .uri("/api/v1/tickets")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + WRITER_SECRET)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(ticket)
                .exchange()
                .expectStatus()
                .isEqualTo(422)
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'attachments')].reason")
                .isEqualTo("can only be sent as files of a multipart/form-data request")
                .jsonPath("$.errors[?(@.field == 'priority')].reason")
                .isEqualTo("is not a known field");
    }

    @Test
    void shouldSanitizeAnHtmlBodyBeforeWritingIt() {
        String subject = "Html " + UUID.randomUUID();
        Map<String, Object> ticket = new java.util.HashMap<>(apiTicket(subject));
        ticket.put("bodyType", "html");
        ticket.put("body", "<p onmouseover=\"x()\">Hi <b>team</b></p><script>fetch('/steal')</script>");

        TicketAccepted accepted = postJson(WRITER_SECRET, null, ticket);

        assertThat(inbound.awaitKey(accepted.messageId(), 1).get(0).getBody())
                .isEqualTo(MessageBody.newBuilder()
                        .setText("Hi team")
                        .setHtml("<p>Hi <b>team</b></p>")
                        .build());
    }

    @Test
    void shouldDropAPublicPostWhoseHoneypotIsFilledWithoutTellingTheBot() {
        String subject = "Cheap pills " + UUID.randomUUID();
        MultipartBodyBuilder form = publicForm(subject, "http://spam.example");

        TicketAccepted accepted = http.post()
                .uri("/api/v1/tickets")
                .body(BodyInserters.fromMultipartData(form.build()))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(TicketAccepted.class)
                .returnResult()
                .getResponseBody();

        assertThat(accepted.ticketId()).isEqualTo(TicketIds.forInboundMessage(accepted.messageId()));
        assertThat(inbound.withSubjectAfterDraining(subject)).isEmpty();
    }

    @Test
    void shouldRequireTheHoneypotFieldOnPublicPosts() {
        String subject = "No honeypot " + UUID.randomUUID();

        http.post()
                .uri("/api/v1/tickets")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("email", "carol@example.com")
                        .with("name", "Carol")
                        .with("subject", subject)
                        .with("body", "Hello"))
                .exchange()
                .expectStatus()
                .isEqualTo(422)
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("website")
                .jsonPath("$.errors[0].reason")
                .isEqualTo("is required on public form posts and must be empty");

        assertThat(inbound.withSubjectAfterDraining(subject)).isEmpty();
    }

    @Test
    void shouldAcceptAUrlEncodedPublicForm() {
        String subject = "Plain form " + UUID.randomUUID();

        TicketAccepted accepted = http.post()
                .uri("/api/v1/tickets")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("email", "carol@example.com")
                        .with("name", "Carol")
                        .with("subject", subject)
                        .with("body", "Hello")
                        .with("website", ""))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(TicketAccepted.class)
                .returnResult()
                .getResponseBody();

        InboundMessage message = inbound.awaitKey(accepted.messageId(), 1).get(0);
        assertThat(message.getChannel()).isEqualTo(Channel.WEB_FORM);
        assertThat(message.getSubject()).isEqualTo(subject);
    }

    @Test
    void shouldReportKafkaAndConfigHealthAndPrometheusMetrics() {
        http.get()
                .uri("/actuator/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP")
                .jsonPath("$.components.kafka.status")
                .isEqualTo("UP")
                .jsonPath("$.components.kafka.details.brokers")
                .isEqualTo(1)
                .jsonPath("$.components.config.status")
                .isEqualTo("UP");
        http.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(body -> assertThat(body).contains("jvm_memory_used_bytes{application=\"ingest-service\""));
    }

    private void refuseWithKey(String secret, int status, String detail, String subject) {
        http.post()
                .uri("/api/v1/tickets")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + secret)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(apiTicket(subject))
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo(detail)
                .jsonPath("$.errors[0].field")
                .isEqualTo("Authorization");
    }

    private static TicketAccepted postJson(String secret, String idempotencyKey, Map<String, Object> ticket) {
        return http.post()
                .uri("/api/v1/tickets")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + secret)
                .headers(headers -> {
                    if (idempotencyKey != null) {
                        headers.set("Idempotency-Key", idempotencyKey);
                    }
                })
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(ticket)
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(TicketAccepted.class)
                .returnResult()
                .getResponseBody();
    }

    static Map<String, Object> apiTicket(String subject) {
        return Map.of("email", "dave@example.com", "name", "Dave", "subject", subject, "body", "Disk full again.");
    }

    static MultipartBodyBuilder apiForm(String subject) {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("email", "dave@example.com");
        form.part("name", "Dave");
        form.part("subject", subject);
        form.part("body", "See the attached file.");
        return form;
    }

    static MultipartBodyBuilder publicForm(String subject) {
        return publicForm(subject, "");
    }

    static MultipartBodyBuilder publicForm(String subject, String honeypot) {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("email", "bob@example.net");
        form.part("name", "Bob Jones");
        form.part("subject", subject);
        form.part("body", "Why was I charged twice?");
        form.part("website", honeypot);
        return form;
    }

    static void awaitNoStagingFiles() {
        awaitNoStagingFiles(blobs);
    }

    static void awaitNoStagingFiles(Path blobRoot) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (Stream<Path> files = Files.list(blobRoot.resolve("staging"))) {
                assertThat(files.toList()).isEmpty();
            }
        });
    }

    private static Contact contact(String email, String name) {
        return Contact.newBuilder().setEmail(email).setDisplayName(name).build();
    }

    private static AttachmentRef attachment(
            String messageId, int index, String fileName, String contentType, byte[] content) throws Exception {
        String sha256 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        return AttachmentRef.newBuilder()
                .setAttachmentId(UUID.nameUUIDFromBytes(
                                (messageId + "#" + index + "#" + sha256).getBytes(StandardCharsets.UTF_8))
                        .toString())
                .setFileName(fileName)
                .setContentType(contentType)
                .setSizeBytes(content.length)
                .setSha256(sha256)
                .setStorageKey("sha256:" + sha256)
                .build();
    }

    /** File content with the name a browser would send. */
    static final class NamedBytes extends ByteArrayResource {
        private final String name;

        NamedBytes(byte[] content, String name) {
            super(content);
            this.name = name;
        }

        @Override
        public String getFilename() {
            return name;
        }
    }
}
