package dev.helpstream.gateway.view;

import static dev.helpstream.gateway.sla.SlaEventFixtures.breach;
import static dev.helpstream.gateway.sla.SlaEventFixtures.met;
import static dev.helpstream.gateway.sla.SlaEventFixtures.policyWide;
import static dev.helpstream.gateway.sla.SlaEventFixtures.targetsSet;
import static dev.helpstream.gateway.sla.SlaEventFixtures.warning;
import static dev.helpstream.gateway.view.TicketFixtures.note;
import static dev.helpstream.gateway.view.TicketFixtures.opened;
import static dev.helpstream.gateway.view.TicketFixtures.reply;
import static dev.helpstream.gateway.view.TicketFixtures.ticket;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.helpstream.gateway.sla.RemainingTime;
import dev.helpstream.gateway.sla.SlaSummary;
import dev.helpstream.kafka.embedded.EmbeddedKafkaExtension;
import dev.helpstream.kafka.embedded.KafkaCluster;
import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.SlaEventKind;
import dev.helpstream.schema.SlaMetric;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.topic.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Status;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

/**
 * The views on the real broker, against fresh topics shaped like {@code tickets.state.v1}, {@code
 * tickets.events.v1} and {@code tickets.sla.v1} (three partitions each): replay at start, live
 * changes, read-your-writes, skipped records, SLA summaries and the late view, and instances that
 * rebuild the same views from the topics.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class LuceneTicketViewsIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Map<String, Integer> RANKS = Map.of("low", 1, "normal", 2, "high", 3);

    @TempDir
    Path directory;

    private KafkaCluster cluster;
    private String stateTopic;
    private String eventsTopic;
    private String slaTopic;
    private KafkaProducer<String, byte[]> producer;
    private final List<LuceneTicketViews> started = new ArrayList<>();

    @BeforeEach
    void topics(KafkaCluster cluster) throws Exception {
        this.cluster = cluster;
        String prefix = "test.views." + UUID.randomUUID();
        stateTopic = prefix + ".state";
        eventsTopic = prefix + ".events";
        slaTopic = prefix + ".sla";
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            admin.createTopics(List.of(
                            new NewTopic(stateTopic, 3, cluster.replicationFactor())
                                    .configs(Map.of(
                                            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                            new NewTopic(eventsTopic, 3, cluster.replicationFactor()),
                            new NewTopic(slaTopic, 3, cluster.replicationFactor())))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> config = new java.util.HashMap<>(cluster.clientProperties());
        // Freshly created partitions may answer NOT_LEADER for a moment; an idempotent producer
        // can then stall on sequence errors until its delivery timeout. One request in flight
        // keeps the per-key order these tests need without it.
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        for (String topic : List.of(stateTopic, eventsTopic, slaTopic)) {
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> producer.partitionsFor(topic).stream().allMatch(info -> info.leader() != null));
        }
    }

    @AfterEach
    void stop() {
        started.forEach(LuceneTicketViews::stop);
        producer.close(Duration.ofSeconds(10));
    }

    @Test
    void shouldReplayTheTopicsAtStartThenFollowThemPublishingEachChangeOnceVisible() throws Exception {
        Ticket printer = ticket(1).setSubject("Printer on fire").setVersion(2).build();
        Ticket invoice =
                ticket(2).setSubject("Invoice question").setPriorityId("high").build();
        Ticket dns = ticket(3).setSubject("DNS down").setDepartmentId("sales").build();
        state(printer);
        event(opened(printer, "The device in room 4 is burning"));
        event(note(printer, 2, "reseller, check the discount"));
        state(invoice);
        event(opened(invoice, "Why was I charged twice?"));
        state(dns);
        event(opened(dns, "my domain does not resolve"));
        MeterRegistry meters = new SimpleMeterRegistry();

        LuceneTicketViews views = start(directory, meters);

        assertThat(views.caughtUp()).isTrue();
        assertThat(views.ticketCount()).isEqualTo(3);
        assertThat(meters.get("helpstream.gateway.views.tickets").gauge().value())
                .isEqualTo(3.0);
        assertThat(numbers(views.query(ViewQuery.builder().build()))).containsExactly(3L, 2L, 1L);
        assertThat(numbers(views.query(ViewQuery.builder()
                        .allowedDepartmentIds(Set.of("support"))
                        .sort(SortField.PRIORITY, true)
                        .build())))
                .containsExactly(2L, 1L);
        assertThat(numbers(views.search(
                        new SearchQuery("burning", ViewQuery.builder().build(), false))))
                .containsExactly(1L);
        assertThat(numbers(views.search(
                        new SearchQuery("reseller", ViewQuery.builder().build(), false))))
                .isEmpty();
        assertThat(numbers(views.search(
                        new SearchQuery("reseller", ViewQuery.builder().build(), true))))
                .containsExactly(1L);
        assertThat(views.conversation("t-1"))
                .extracting(TicketEvent::getVersion)
                .containsExactly(1L, 2L);
        assertThat(views.ticketByNumber(3)).contains(dns);
        ViewsHealthIndicator health = new ViewsHealthIndicator(views);
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(health.health().getDetails())
                .containsEntry("ticketCount", 3L)
                .containsEntry("caughtUp", true);

        List<TicketChange> changes = new CopyOnWriteArrayList<>();
        List<Boolean> visibleWhenPublished = new CopyOnWriteArrayList<>();
        Disposable subscription = views.changes().subscribe(change -> {
            visibleWhenPublished.add(
                    views.ticket(change.ticketId()).orElseThrow().getVersion()
                            >= change.ticket().getVersion());
            changes.add(change);
        });
        try {
            Ticket answered = ticket(2)
                    .setSubject("Invoice question")
                    .setPriorityId("high")
                    .setVersion(2)
                    .setMessageCount(2)
                    .build();
            TicketEvent answer = reply(answered, 2, "We refunded the second charge.");

            StepVerifier.create(views.awaitVersion("t-2", 2, DEADLINE))
                    .then(() -> {
                        event(answer);
                        state(answered);
                    })
                    .assertNext(ticket -> assertThat(ticket).isEqualTo(answered))
                    .expectComplete()
                    .verify(DEADLINE);

            assertThat(numbers(views.search(
                            new SearchQuery("refunded", ViewQuery.builder().build(), false))))
                    .containsExactly(2L);
            assertThat(views.conversation("t-2"))
                    .extracting(TicketEvent::getVersion)
                    .containsExactly(1L, 2L);
            await().atMost(DEADLINE)
                    .untilAsserted(() -> assertThat(changes)
                            .last()
                            .satisfies(change -> assertThat(change.ticket()).isEqualTo(answered)));
            assertThat(changes)
                    .allSatisfy(change -> assertThat(change.ticketId()).isEqualTo("t-2"));
            assertThat(changes.stream().flatMap(change -> change.events().stream()))
                    .containsExactly(answer);

            // A new ticket whose event is read before its snapshot: the event comes with the snapshot.
            Ticket fresh = ticket(4).setSubject("Kettle whistles").build();
            TicketEvent freshOpened = opened(fresh, "it whistles all night");
            event(freshOpened);
            producer.flush();
            state(fresh);

            await().atMost(DEADLINE)
                    .untilAsserted(() -> assertThat(changes)
                            .filteredOn(change -> change.ticketId().equals("t-4"))
                            .flatExtracting(TicketChange::events)
                            .containsExactly(freshOpened));
            assertThat(changes)
                    .filteredOn(change -> change.ticketId().equals("t-4"))
                    .allSatisfy(change -> assertThat(change.ticket()).isEqualTo(fresh));
            assertThat(visibleWhenPublished).isNotEmpty().containsOnly(true);
            assertThat(views.ticketCount()).isEqualTo(4);
        } finally {
            subscription.dispose();
        }
    }

    @Test
    void shouldListATicketInTheLateViewOnceItsSlaEventsSayItBreachedAndPublishEachSlaChange() throws Exception {
        Instant opened = TicketFixtures.T0;
        Instant warnAt = opened.plus(Duration.ofHours(3));
        Instant dueAt = opened.plus(Duration.ofHours(4));
        Ticket early = ticket(1).build();
        Ticket late = ticket(2).build();
        state(early);
        state(late);
        // Read at start: the first ticket is warned already (at risk), the second one only started.
        sla(targetsSet("t-1", SlaMetric.FIRST_RESPONSE, opened, warnAt, dueAt.plusSeconds(60)));
        sla(warning("t-1", SlaMetric.FIRST_RESPONSE, warnAt, dueAt.plusSeconds(60)));
        sla(targetsSet("t-2", SlaMetric.FIRST_RESPONSE, opened, warnAt, dueAt));
        LuceneTicketViews views = start(directory, new SimpleMeterRegistry());
        ViewQuery lateView = ViewQuery.builder()
                .lateOnly(true)
                .sort(SortField.SLA_DUE, false)
                .build();

        assertThat(numbers(views.query(lateView))).containsExactly(1L);
        assertThat(views.sla("t-2").orElseThrow().late()).isFalse();

        List<TicketChange> changes = new CopyOnWriteArrayList<>();
        Disposable subscription = views.changes().subscribe(changes::add);
        try {
            sla(warning("t-2", SlaMetric.FIRST_RESPONSE, warnAt, dueAt));
            sla(breach("t-2", SlaMetric.FIRST_RESPONSE, warnAt, dueAt));

            await().atMost(DEADLINE)
                    .untilAsserted(
                            () -> assertThat(numbers(views.query(lateView))).containsExactly(2L, 1L));
            TicketPage page = views.query(lateView);
            assertThat(page.slaOf("t-2")
                            .orElseThrow()
                            .target(SlaMetric.FIRST_RESPONSE)
                            .orElseThrow()
                            .breachedAt())
                    .isEqualTo(dueAt);
            await().atMost(DEADLINE)
                    .untilAsserted(() -> assertThat(changes)
                            .last()
                            .satisfies(change -> assertThat(change.sla().late()).isTrue()));
            assertThat(changes).allSatisfy(change -> {
                assertThat(change.ticketId()).isEqualTo("t-2");
                assertThat(change.ticket()).isEqualTo(late);
                assertThat(change.slaChanged()).isTrue();
                assertThat(change.events()).isEmpty();
                assertThat(change.slaOnly()).isTrue();
            });

            // Met, then the policy no longer applies: out of the late view, no SLA left.
            sla(met("t-2", SlaMetric.FIRST_RESPONSE, dueAt.plusSeconds(600), -600_000L));
            sla(policyWide("t-1", SlaEventKind.CLEARED, dueAt));

            await().atMost(DEADLINE)
                    .untilAsserted(
                            () -> assertThat(views.query(lateView).tickets()).isEmpty());
            assertThat(views.sla("t-1")).isEmpty();
            assertThat(views.sla("t-2").map(SlaSummary::late)).contains(false);
        } finally {
            subscription.dispose();
        }
    }

    @Test
    void shouldAnswerAVersionAlreadyHeldAtOnceAndTimeOutOnOneThatNeverComes() throws Exception {
        Ticket ticket = ticket(1).build();
        state(ticket);
        event(opened(ticket, "hello"));
        LuceneTicketViews views = start(directory, new SimpleMeterRegistry());

        StepVerifier.create(views.awaitVersion("t-1", 1, DEADLINE))
                .expectNext(ticket)
                .expectComplete()
                .verify(DEADLINE);
        StepVerifier.create(views.awaitVersion("t-1", 2, Duration.ofMillis(300)))
                .expectError(TimeoutException.class)
                .verify(DEADLINE);
        StepVerifier.create(views.awaitVersion("t-404", 1, Duration.ofMillis(300)))
                .expectError(TimeoutException.class)
                .verify(DEADLINE);
    }

    @Test
    void shouldSkipAndCountUndecodableRecordsAndKeepFollowingTheTopics() throws Exception {
        MeterRegistry meters = new SimpleMeterRegistry();
        LuceneTicketViews views = start(directory, meters);
        Ticket ticket = ticket(1).build();

        producer.send(new ProducerRecord<>(eventsTopic, "t-1", "not avro".getBytes()));
        producer.send(new ProducerRecord<>(stateTopic, "t-1", new byte[] {(byte) 0xC3, 0x01, 0x00}));
        event(opened(ticket, "after the garbage"));
        state(ticket);

        await().atMost(DEADLINE)
                .untilAsserted(() -> assertThat(views.ticket("t-1")).contains(ticket));
        assertThat(meters.get("helpstream.gateway.views.skipped").counter().count())
                .isEqualTo(2.0);
        assertThat(views.conversation("t-1")).hasSize(1);
    }

    @Test
    void shouldServeTheSameViewsFromASecondInstanceAndRebuildThemAfterARestart() throws Exception {
        List<Ticket> tickets = new ArrayList<>();
        for (long number = 1; number <= 30; number++) {
            Ticket ticket = ticket(number)
                    .setSubject("Ticket about topic " + (number % 3))
                    .setStatusId(number % 2 == 0 ? "open" : "closed")
                    .build();
            tickets.add(ticket);
            state(ticket);
            event(opened(ticket, "body of ticket " + number));
        }
        LuceneTicketViews first = start(directory, new SimpleMeterRegistry());
        LuceneTicketViews second = start(null, new SimpleMeterRegistry());

        ViewQuery open = ViewQuery.builder()
                .statusIds(Set.of("open"))
                .sort(SortField.CREATED, false)
                .limit(7)
                .build();
        List<List<Long>> pages = allPages(first, open);
        assertThat(pages.stream().flatMap(List::stream))
                .containsExactlyElementsOf(tickets.stream()
                        .filter(ticket -> ticket.getStatusId().equals("open"))
                        .map(Ticket::getNumber)
                        .toList());
        assertThat(allPages(second, open)).isEqualTo(pages);
        SearchQuery topic =
                new SearchQuery("topic 1", ViewQuery.builder().limit(200).build(), false);
        TicketPage found = first.search(topic);
        assertThat(found.totalHits()).isEqualTo(10);
        assertThat(second.search(topic)).isEqualTo(found);
        assertThat(second.conversation("t-7")).isEqualTo(first.conversation("t-7"));

        first.stop();
        started.remove(first);
        assertThat(new ViewsHealthIndicator(first).health().getStatus()).isEqualTo(Status.DOWN);
        LuceneTicketViews restarted = start(directory, new SimpleMeterRegistry());

        assertThat(restarted.ticketCount()).isEqualTo(30);
        assertThat(allPages(restarted, open)).isEqualTo(pages);
        assertThat(restarted.search(topic)).isEqualTo(found);
        assertThat(restarted.conversation("t-7")).isEqualTo(second.conversation("t-7"));
    }

    private LuceneTicketViews start(Path indexDirectory, MeterRegistry meters) {
        producer.flush();
        LuceneTicketViews views = new LuceneTicketViews(
                new LuceneTicketViews.Settings(
                        cluster.bootstrapServers(),
                        stateTopic,
                        eventsTopic,
                        slaTopic,
                        indexDirectory,
                        DEADLINE,
                        1_000,
                        500),
                () -> RANKS,
                RemainingTime.CALENDAR,
                meters);
        views.start();
        started.add(views);
        return views;
    }

    private static List<List<Long>> allPages(TicketViews views, ViewQuery query) {
        List<List<Long>> pages = new ArrayList<>();
        TicketPage page = views.query(query);
        pages.add(numbers(page));
        while (page.nextCursor() != null) {
            page = views.query(query.withCursor(page.nextCursor()));
            pages.add(numbers(page));
        }
        return pages;
    }

    private void state(Ticket ticket) {
        producer.send(new ProducerRecord<>(
                stateTopic,
                ticket.getTicketId(),
                Topics.STATE.valueSerde().serializer().serialize(stateTopic, ticket)));
    }

    private void event(TicketEvent event) {
        producer.send(new ProducerRecord<>(
                eventsTopic,
                event.getTicketId(),
                Topics.EVENTS.valueSerde().serializer().serialize(eventsTopic, event)));
    }

    private void sla(SlaEvent event) {
        producer.send(new ProducerRecord<>(
                slaTopic,
                event.getTicketId(),
                Topics.SLA.valueSerde().serializer().serialize(slaTopic, event)));
    }

    private static List<Long> numbers(TicketPage page) {
        return page.tickets().stream().map(Ticket::getNumber).toList();
    }
}
