package dev.helpstream.gateway.whatif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helpstream.kafka.embedded.EmbeddedKafkaExtension;
import dev.helpstream.kafka.embedded.KafkaCluster;
import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.SlaMetric;
import dev.helpstream.schema.config.Priority;
import dev.helpstream.schema.config.SlaPolicy;
import dev.helpstream.schema.config.SlaTarget;
import dev.helpstream.schema.topic.Topics;
import dev.helpstream.sla.clock.SlaConfig;
import dev.helpstream.sla.whatif.DraftPolicy;
import dev.helpstream.sla.whatif.Tally;
import dev.helpstream.sla.whatif.WhatIf;
import dev.helpstream.sla.whatif.WhatIfReport;
import dev.helpstream.support.config.ConfigEntities;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The history reader on the shared real broker: it reads a topic of ticket events laid out as
 * {@code tickets.events.v1} (one of its own, three partitions, so other tests' events do not mix
 * in) from the period's start to its end, feeds only the tickets opened in the period, and leaves
 * no trace (no consumer group, no record). The period is March 2019; the log holds a ticket opened
 * in February, two opened in March, and later events (April, and a busy June) that no read of
 * March may touch.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class TicketHistoryReaderIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Instant MARCH = Instant.parse("2019-03-01T00:00:00Z");
    private static final Instant END_OF_MARCH = Instant.parse("2019-03-31T23:59:59.999Z");
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String TOPIC = "what-if-history-it-" + RUN;

    private static SlaConfig live;

    @BeforeAll
    static void history(KafkaCluster cluster) throws Exception {
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            // Kept forever, as tickets.events.v1 is: with the broker's default retention of 7 days,
            // its next retention check would delete these 2019 records under the tests.
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) cluster.replicationFactor())
                            .configs(Map.of(
                                    TopicConfig.RETENTION_MS_CONFIG, Long.toString(Topics.EVENTS.retentionMs())))))
                    .all()
                    .get();
        }
        try (TicketHistories tickets = new TicketHistories(cluster.bootstrapServers(), TOPIC)) {
            // Opened in February: its reply in March does not bring it in.
            tickets.opened(id("old"), 1, Instant.parse("2019-02-27T09:00:00Z"), "support", "normal");
            tickets.staffReply(id("old"), 1, Instant.parse("2019-03-04T09:00:00Z"));
            tickets.opened(id("quick"), 2, Instant.parse("2019-03-04T10:00:00Z"), "support", "normal");
            tickets.staffReply(id("quick"), 2, Instant.parse("2019-03-04T10:30:00Z"));
            tickets.opened(id("slow"), 3, Instant.parse("2019-03-05T10:00:00Z"), "support", "normal");
            tickets.staffReply(id("slow"), 3, Instant.parse("2019-03-05T11:30:00Z"));
            tickets.opened(id("april"), 4, Instant.parse("2019-04-02T10:00:00Z"), "support", "normal");
            for (int n = 0; n < 20; n++) {
                Instant at = Instant.parse("2019-06-03T09:00:00Z").plus(Duration.ofMinutes(n));
                tickets.opened(id("june-" + n), 100 + n, at, "support", "normal");
                tickets.staffReply(id("june-" + n), 100 + n, at.plusSeconds(30));
            }
        }
        live = SlaConfig.of(ConfigEntities.of(List.of(
                entity(
                        ConfigEntityType.PRIORITY,
                        "normal",
                        Priority.newBuilder().setName("Normal").setRank(2).build()),
                entity(ConfigEntityType.SLA_POLICY, "std", policy(60)))));
    }

    @Test
    void shouldReplayTheTicketsOpenedInThePeriodAndLeaveNoTrace(KafkaCluster cluster) throws Exception {
        WhatIf whatIf = new WhatIf(live, new DraftPolicy("std", policy(120)), END_OF_MARCH);
        TicketHistoryReader reader = new TicketHistoryReader(cluster.bootstrapServers(), TOPIC);
        Set<String> groupsBefore;
        Map<TopicPartition, Long> endsBefore;
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            groupsBefore = groups(admin);
            endsBefore = ends(admin);
        }

        TicketHistoryReader.Read read = reader.read(MARCH, END_OF_MARCH, whatIf, limits(1_000_000, 1_000));

        WhatIfReport report = whatIf.report();
        assertThat(report.tickets()).isEqualTo(2);
        // Old's reply is of the period but old is not: read, not replayed.
        assertThat(read.records()).isEqualTo(5);
        assertThat(read.replayed()).isEqualTo(4);
        assertThat(read.skipped()).isZero();
        assertThat(report.current().byMetric().get(SlaMetric.FIRST_RESPONSE)).isEqualTo(new Tally(1, 1, 0));
        assertThat(report.draft().byMetric().get(SlaMetric.FIRST_RESPONSE)).isEqualTo(new Tally(2, 0, 0));
        assertThat(report.changed()).extracting(change -> change.ticketId()).containsExactly(id("slow"));
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            assertThat(groups(admin)).isEqualTo(groupsBefore);
            assertThat(ends(admin)).isEqualTo(endsBefore);
        }
    }

    @Test
    void shouldStopReadingPastTheMostEventsAllowed(KafkaCluster cluster) {
        WhatIf whatIf = new WhatIf(live, new DraftPolicy("std", policy(120)), END_OF_MARCH);
        TicketHistoryReader reader = new TicketHistoryReader(cluster.bootstrapServers(), TOPIC);

        assertThatThrownBy(() -> reader.read(MARCH, END_OF_MARCH, whatIf, limits(4, 1_000)))
                .isInstanceOf(TicketHistoryReader.TooManyEvents.class)
                .hasMessage("more than 4 ticket events");
    }

    @Test
    void shouldCountOnlyTheEventsOfThePeriodAgainstTheMostAllowedWhateverTheLogHoldsAfterIt(KafkaCluster cluster) {
        // The period holds five events; April and June hold 41 more.
        WhatIf whatIf = new WhatIf(live, new DraftPolicy("std", policy(120)), END_OF_MARCH);

        TicketHistoryReader.Read read = new TicketHistoryReader(cluster.bootstrapServers(), TOPIC)
                .read(MARCH, END_OF_MARCH, whatIf, limits(5, 1_000));

        assertThat(read).isEqualTo(new TicketHistoryReader.Read(5, 4, 0));
        assertThat(whatIf.tickets()).isEqualTo(2);
    }

    @Test
    void shouldReadNothingForAPeriodAfterTheLastEvent(KafkaCluster cluster) {
        Instant future = Instant.parse("2100-01-01T00:00:00Z");
        WhatIf whatIf = new WhatIf(live, new DraftPolicy("std", policy(120)), future.plus(Duration.ofDays(1)));

        TicketHistoryReader.Read read = new TicketHistoryReader(cluster.bootstrapServers(), TOPIC)
                .read(future, future.plus(Duration.ofDays(1)), whatIf, limits(1_000_000, 1_000));

        assertThat(read).isEqualTo(new TicketHistoryReader.Read(0, 0, 0));
        assertThat(whatIf.tickets()).isZero();
    }

    @Test
    void shouldStopReplayingPastTheMostTicketsAllowed(KafkaCluster cluster) {
        WhatIf whatIf = new WhatIf(live, new DraftPolicy("std", policy(120)), END_OF_MARCH);
        TicketHistoryReader reader = new TicketHistoryReader(cluster.bootstrapServers(), TOPIC);

        assertThatThrownBy(() -> reader.read(MARCH, END_OF_MARCH, whatIf, limits(1_000_000, 1)))
                .isInstanceOf(TicketHistoryReader.TooManyTickets.class)
                .hasMessage("more than 1 tickets");
    }

    private static TicketHistoryReader.Limits limits(long maxEvents, int maxTickets) {
        return new TicketHistoryReader.Limits(maxEvents, maxTickets, TIMEOUT);
    }

    private static String id(String name) {
        return "whatif-" + RUN + "-" + name;
    }

    private static SlaPolicy policy(int firstResponseMinutes) {
        return SlaPolicy.newBuilder()
                .setName("Standard")
                .setOrder(10)
                .setTargets(List.of(SlaTarget.newBuilder()
                        .setMetric(SlaMetric.FIRST_RESPONSE)
                        .setDurationMinutes(firstResponseMinutes)
                        .setBusinessTime(false)
                        .build()))
                .build();
    }

    private static ConfigEntity entity(ConfigEntityType type, String id, Object payload) {
        return ConfigEntity.newBuilder()
                .setEntityType(type)
                .setId(id)
                .setRevision(1)
                .setUpdatedAt(Instant.parse("2019-01-01T00:00:00Z"))
                .setUpdatedBy(new Actor(ActorKind.ADMIN, "admin", null, null))
                .setPayload(payload)
                .build();
    }

    private static Set<String> groups(Admin admin) throws Exception {
        return admin.listGroups().all().get().stream()
                .map(GroupListing::groupId)
                .collect(Collectors.toSet());
    }

    private static Map<TopicPartition, Long> ends(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> latest =
                admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions().stream()
                        .collect(Collectors.toMap(
                                partition -> new TopicPartition(TOPIC, partition.partition()),
                                partition -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().entrySet().stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey, entry -> entry.getValue().offset()));
    }
}
