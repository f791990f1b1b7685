package dev.helpstream.gateway.tickets;

import dev.helpstream.gateway.sla.SlaEventFixtures;
import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.AttachmentRef;
import dev.helpstream.schema.Channel;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.SlaEventKind;
import dev.helpstream.schema.SlaMetric;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.event.MessageAdded;
import dev.helpstream.schema.event.MessageDirection;
import dev.helpstream.schema.event.NoteAdded;
import dev.helpstream.schema.event.TicketOpened;
import dev.helpstream.schema.serde.SingleObjectAvroSerdes;
import dev.helpstream.schema.topic.Topics;
import dev.helpstream.support.content.FileSystemBlobStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The tickets of the access tests, written straight to {@code tickets.state.v1} and {@code
 * tickets.events.v1} as routing-stream would write them, with their attachments' bytes in the
 * gateway's blob store.
 *
 * <table>
 *   <caption>The seeded tickets (all open, priority normal, created at {@link #T0} plus their
 *   number in minutes)</caption>
 *   <tr><th>ticket</th><th>department</th><th>customer</th><th>conversation</th></tr>
 *   <tr><td>t-101</td><td>support (ana's)</td><td>Alice, Carol in CC</td><td>opened with {@code
 *   error-log.txt} and {@code page.html}, a reply by ana, a note with {@link #SECRET} and {@code
 *   internal-diagnostics.txt}; assigned to ana</td></tr>
 *   <tr><td>t-102</td><td>billing</td><td>Bob</td><td>opened (the only ticket with the word
 *   {@link #BILLING_WORD}), a reply and a note by bea; assigned to bea</td></tr>
 *   <tr><td>t-103</td><td>support</td><td>Bob</td><td>opened</td></tr>
 *   <tr><td>t-104</td><td>billing</td><td>Alice</td><td>opened</td></tr>
 *   <tr><td>t-105</td><td>support</td><td>Alice</td><td>opened</td></tr>
 *   <tr><td>t-106</td><td>billing</td><td>Bob</td><td>opened</td></tr>
 * </table>
 *
 * <p>{@link #seedSla()} adds SLA events of policy {@code gold} ({@code SlaConfigFixtures}), all on
 * Monday 2 March 2026 ({@link #SLA_START}, 09:00 in Paris): t-101's first response warned and
 * breached at 12:00Z, then its clocks paused at 14:00Z with its resolution (due a day after the
 * start) still running; t-102's first response at risk, due 11:00Z; t-103's first response
 * running, due 12:00Z.
 */
final class SeededTickets implements AutoCloseable {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    static final String ALICE = "alice@customer.test";
    static final String BOB = "bob@customer.test";
    static final String CAROL = "carol@customer.test";

    /** A word that appears only in the internal note of t-101. */
    static final String SECRET = "zanzibar";

    /** A word that appears only in the billing ticket t-102. */
    static final String BILLING_WORD = "charged";

    static final String LOG_ATTACHMENT = "a-101-log";
    static final String PAGE_ATTACHMENT = "a-101-page";
    static final String NOTE_ATTACHMENT = "a-101-note";

    static final byte[] LOG_BYTES = "GET / 502 Bad Gateway\n".getBytes(StandardCharsets.UTF_8);
    static final byte[] PAGE_BYTES =
            "<html><body><script>alert('hi')</script></body></html>".getBytes(StandardCharsets.UTF_8);
    static final byte[] NOTE_BYTES = "load average 42 on web-7\n".getBytes(StandardCharsets.UTF_8);

    static final Actor ANA = new Actor(ActorKind.AGENT, "ana", "Ana Agent", "ana@helpdesk.test");
    static final Actor BEA = new Actor(ActorKind.AGENT, "bea", "Bea Agent", "bea@helpdesk.test");

    static final Instant SLA_START = Instant.parse("2026-03-02T08:00:00Z");
    static final Instant FIRST_WARN = Instant.parse("2026-03-02T11:12:00Z");
    static final Instant FIRST_DUE = Instant.parse("2026-03-02T12:00:00Z");
    static final Instant PAUSED_AT = Instant.parse("2026-03-02T14:00:00Z");
    static final Instant RESOLUTION_WARN = Instant.parse("2026-03-03T03:12:00Z");
    static final Instant RESOLUTION_DUE = Instant.parse("2026-03-03T08:00:00Z");
    static final Instant BILLING_WARN = Instant.parse("2026-03-02T10:00:00Z");
    static final Instant BILLING_DUE = Instant.parse("2026-03-02T11:00:00Z");

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    static {
        // Avro fills record-typed defaults only for trusted classes; loading the serdes trusts
        // Helpstream's, as in the running gateway.
        SingleObjectAvroSerdes.instance();
    }

    private final Producer<String, Ticket> states;
    private final Producer<String, TicketEvent> events;
    private final Producer<String, SlaEvent> sla;
    private final FileSystemBlobStore blobs;

    SeededTickets(String bootstrapServers, Path blobDirectory) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true);
        states = new KafkaProducer<>(
                config,
                Topics.STATE.keySerde().serializer(),
                Topics.STATE.valueSerde().serializer());
        events = new KafkaProducer<>(
                config,
                Topics.EVENTS.keySerde().serializer(),
                Topics.EVENTS.valueSerde().serializer());
        sla = new KafkaProducer<>(
                config,
                Topics.SLA.keySerde().serializer(),
                Topics.SLA.valueSerde().serializer());
        blobs = new FileSystemBlobStore(blobDirectory);
    }

    /** Writes the SLA events of t-101, t-102 and t-103 (see the class comment). */
    void seedSla() throws Exception {
        publish(SlaEventFixtures.targetsSet("t-101", SlaMetric.FIRST_RESPONSE, SLA_START, FIRST_WARN, FIRST_DUE));
        publish(SlaEventFixtures.targetsSet("t-101", SlaMetric.RESOLUTION, SLA_START, RESOLUTION_WARN, RESOLUTION_DUE));
        publish(SlaEventFixtures.warning("t-101", SlaMetric.FIRST_RESPONSE, FIRST_WARN, FIRST_DUE));
        publish(SlaEventFixtures.breach("t-101", SlaMetric.FIRST_RESPONSE, FIRST_WARN, FIRST_DUE));
        publish(SlaEventFixtures.policyWide("t-101", SlaEventKind.PAUSED, PAUSED_AT));
        publish(SlaEventFixtures.targetsSet("t-102", SlaMetric.FIRST_RESPONSE, SLA_START, BILLING_WARN, BILLING_DUE));
        publish(SlaEventFixtures.warning("t-102", SlaMetric.FIRST_RESPONSE, BILLING_WARN, BILLING_DUE));
        publish(SlaEventFixtures.targetsSet("t-103", SlaMetric.FIRST_RESPONSE, SLA_START, FIRST_WARN, FIRST_DUE));
    }

    /** Writes the six tickets; answers how many events (and so what version) each has, by ticket id. */
    Map<String, Integer> seed() throws Exception {
        AttachmentRef log = store(LOG_ATTACHMENT, "error-log.txt", "text/plain", LOG_BYTES);
        AttachmentRef page = store(PAGE_ATTACHMENT, "page.html", "text/html", PAGE_BYTES);
        AttachmentRef diagnostics = store(NOTE_ATTACHMENT, "internal-diagnostics.txt", "text/plain", NOTE_BYTES);

        Ticket website = ticket(101, "support", ALICE, "Website down on alpha.example")
                .setCc(List.of(new Contact(CAROL, "Carol Clark", null)))
                .setVersion(3)
                .setAssigneeId("ana")
                .setUpdatedAt(T0.plusSeconds(101 * 60 + 3))
                .setMessageCount(2)
                .setNoteCount(1)
                .setAttachmentCount(3)
                .setTimeSpentMinutes(25)
                .setTimeSpentByAgent(Map.of("ana", 25L))
                .setTags(List.of("vip"))
                .build();
        publish(opened(website, "My site alpha.example answers 502 since this morning.", List.of(log, page)));
        publish(reply(website, 2, ANA, "We restarted the web server; please check again."));
        publish(note(
                website,
                3,
                ANA,
                "Customer is on the legacy cluster, password hint " + SECRET + ".",
                List.of(diagnostics)));
        publish(website);

        Ticket invoice = ticket(102, "billing", BOB, "Invoice 2026-03")
                .setVersion(3)
                .setAssigneeId("bea")
                .setUpdatedAt(T0.plusSeconds(102 * 60 + 3))
                .setMessageCount(2)
                .setNoteCount(1)
                .build();
        publish(opened(invoice, "I was " + BILLING_WORD + " twice for invoice 2026-03.", List.of()));
        publish(reply(invoice, 2, BEA, "We refunded the second payment."));
        publish(note(invoice, 3, BEA, "Refund reference is in the ledger.", List.of()));
        publish(invoice);

        openOnly(ticket(103, "support", BOB, "Mailbox full").build(), "My mailbox says it is full.");
        openOnly(ticket(104, "billing", ALICE, "New billing address").build(), "Please use my new address.");
        openOnly(ticket(105, "support", ALICE, "DNS record missing").build(), "The MX record of beta.example is gone.");
        openOnly(ticket(106, "billing", BOB, "Payment method").build(), "I want to pay by bank transfer.");
        return Map.of("t-101", 3, "t-102", 3, "t-103", 1, "t-104", 1, "t-105", 1, "t-106", 1);
    }

    /** The ticket numbered {@code number} at version 1, as opened by {@code customer}. */
    static Ticket.Builder ticket(long number, String departmentId, String customer, String subject) {
        Instant opened = T0.plusSeconds(60 * number);
        return Ticket.newBuilder()
                .setTicketId(id(number))
                .setNumber(number)
                .setVersion(1)
                .setSubject(subject)
                .setCustomer(new Contact(customer, null, null))
                .setChannel(Channel.EMAIL)
                .setDepartmentId(departmentId)
                .setPriorityId("normal")
                .setStatusId("open")
                .setLifecycle(LifecycleState.OPEN)
                .setCreatedAt(opened)
                .setUpdatedAt(opened)
                .setMessageCount(1)
                .setLastCustomerActivityAt(opened);
    }

    static String id(long number) {
        return "t-" + number;
    }

    static String eventId(Ticket ticket, long version) {
        return ticket.getTicketId() + "-e" + version;
    }

    static TicketEvent opened(Ticket ticket, String text, List<AttachmentRef> attachments) {
        TicketOpened opened = TicketOpened.newBuilder()
                .setSubject(ticket.getSubject())
                .setCustomer(ticket.getCustomer())
                .setCc(ticket.getCc())
                .setChannel(ticket.getChannel())
                .setDepartmentId(ticket.getDepartmentId())
                .setPriorityId(ticket.getPriorityId())
                .setStatusId(ticket.getStatusId())
                .setLifecycle(LifecycleState.OPEN)
                .setFirstMessageId("m-" + ticket.getNumber() + "-1")
                .setBody(body(text))
                .setAttachments(attachments)
                .build();
        Actor customer = new Actor(
                ActorKind.CUSTOMER,
                ticket.getCustomer().getEmail(),
                null,
                ticket.getCustomer().getEmail());
        return event(ticket, 1, customer, opened);
    }

    /** A public reply of an agent to the customer. */
    static TicketEvent reply(Ticket ticket, long version, Actor agent, String text) {
        MessageAdded message = MessageAdded.newBuilder()
                .setMessageId("m-" + ticket.getNumber() + "-" + version)
                .setAuthor(agent)
                .setFrom(new Contact(ticket.getDepartmentId() + "@helpdesk.test", "Helpstream demo", null))
                .setDirection(MessageDirection.OUTBOUND)
                .setChannel(Channel.STAFF)
                .setBody(body(text))
                .build();
        return event(ticket, version, agent, message);
    }

    /** An internal note of an agent. */
    static TicketEvent note(Ticket ticket, long version, Actor agent, String text, List<AttachmentRef> attachments) {
        NoteAdded note = NoteAdded.newBuilder()
                .setNoteId("n-" + ticket.getNumber() + "-" + version)
                .setBody(body(text))
                .setAttachments(attachments)
                .build();
        return event(ticket, version, agent, note);
    }

    void publish(Ticket ticket) throws Exception {
        states.send(new ProducerRecord<>(Topics.STATE.name(), ticket.getTicketId(), ticket))
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    void publish(TicketEvent event) throws Exception {
        events.send(new ProducerRecord<>(Topics.EVENTS.name(), event.getTicketId(), event))
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    void publish(SlaEvent event) throws Exception {
        sla.send(new ProducerRecord<>(Topics.SLA.name(), event.getTicketId(), event))
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        states.close(Duration.ofSeconds(5));
        events.close(Duration.ofSeconds(5));
        sla.close(Duration.ofSeconds(5));
    }

    private void openOnly(Ticket ticket, String text) throws Exception {
        publish(opened(ticket, text, List.of()));
        publish(ticket);
    }

    /** Stores the bytes as the intake channels do, and answers the reference a message carries. */
    private AttachmentRef store(String id, String fileName, String contentType, byte[] bytes) throws IOException {
        String sha256 = sha256(bytes);
        Path staged = blobs.newStagingFile();
        Files.write(staged, bytes);
        String key = blobs.commit(staged, sha256);
        return AttachmentRef.newBuilder()
                .setAttachmentId(id)
                .setFileName(fileName)
                .setContentType(contentType)
                .setSizeBytes(bytes.length)
                .setSha256(sha256)
                .setStorageKey(key)
                .build();
    }

    private static TicketEvent event(Ticket ticket, long version, Actor actor, Object payload) {
        return TicketEvent.newBuilder()
                .setEventId(eventId(ticket, version))
                .setTicketId(ticket.getTicketId())
                .setTicketNumber(ticket.getNumber())
                .setVersion(version)
                .setOccurredAt(T0.plusSeconds(60 * ticket.getNumber() + version))
                .setActor(actor)
                .setPayload(payload)
                .build();
    }

    private static MessageBody body(String text) {
        return MessageBody.newBuilder().setText(text).build();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
