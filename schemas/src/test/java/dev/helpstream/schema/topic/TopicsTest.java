package dev.helpstream.schema.topic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.topic.Topic.CleanupPolicy;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void shouldNameEveryTopicOnceWithAVersionSuffix() {
        List<String> names = Topics.all().stream().map(Topic::name).toList();

        assertThat(names).doesNotHaveDuplicates().allMatch(name -> name.matches("[a-z-]+(\\.[a-z-]+)*\\.v[0-9]+"));
        assertThat(names)
                .containsExactly(
                        "tickets.inbound.v1",
                        "tickets.commands.v1",
                        "tickets.events.v1",
                        "tickets.state.v1",
                        "tickets.command-results.v1",
                        "tickets.sla.v1",
                        "reports.daily.v1",
                        "helpdesk.config.v1",
                        "notifications.deadletter.v1",
                        "notifications.email.v1",
                        "notifications.webhook.v1",
                        "notifications.deliveries.v1",
                        "notifications.webhook-tests.v1",
                        "notifications.portal-links.v1",
                        "gateway.presence.v1",
                        "routing.intake.v1",
                        "routing.sender-gate.v1",
                        "routing.directory.v1",
                        "ingest.dlq.v1",
                        "routing.dlq.v1",
                        "sla.dlq.v1",
                        "notifier.dlq.v1",
                        "gateway.dlq.v1");
    }

    @Test
    void shouldCoPartitionTheTopicsKeyedByTicketId() {
        assertThat(List.of(
                        Topics.COMMANDS,
                        Topics.EVENTS,
                        Topics.STATE,
                        Topics.SLA,
                        Topics.ROUTING_INTAKE,
                        Topics.PRESENCE))
                .extracting(Topic::partitions)
                .containsOnly(Topics.TICKET_PARTITIONS);
    }

    @Test
    void shouldCompactOnlyTheSnapshotConfigAndReportTopics() {
        assertThat(Topics.all().stream()
                        .filter(topic -> topic.cleanupPolicy() == CleanupPolicy.COMPACT)
                        .map(Topic::name))
                .containsExactly("tickets.state.v1", "reports.daily.v1", "helpdesk.config.v1", "routing.directory.v1");
    }

    @Test
    void shouldKeepTheEventLogForever() {
        assertThat(Topics.EVENTS.retentionMs()).isEqualTo(-1);
        assertThat(Topics.COMMANDS.retentionMs()).isEqualTo(7L * 24 * 60 * 60 * 1000);
    }

    @Test
    void shouldGiveEachModuleItsOwnDeadLetterQueue() {
        assertThat(Topics.all().stream().filter(topic -> topic.name().endsWith(".dlq.v1")))
                .extracting(Topic::writer)
                .containsExactlyInAnyOrder(Topic.Writer.values());
    }

    @Test
    void shouldCreateTopicsForASingleBrokerWithTheCatalogueCounts() {
        TopicProvisioner provisioner = new TopicProvisioner(null, (short) 1, 0);

        NewTopic events = provisioner.newTopic(Topics.EVENTS);

        assertThat(events.numPartitions()).isEqualTo(6);
        assertThat(events.replicationFactor()).isEqualTo((short) 1);
        assertThat(events.configs())
                .isEqualTo(Map.of("cleanup.policy", "delete", "retention.ms", "-1", "min.insync.replicas", "1"));
    }

    @Test
    void shouldScaleOnlyMultiPartitionTopicsAndRequireTwoInSyncReplicasOnAThreeNodeCluster() {
        TopicProvisioner provisioner = new TopicProvisioner(null, (short) 3, 24);

        assertThat(provisioner.newTopic(Topics.STATE).numPartitions()).isEqualTo(24);
        assertThat(provisioner.newTopic(Topics.CONFIG).numPartitions()).isEqualTo(1);
        assertThat(provisioner.newTopic(Topics.CONFIG).configs())
                .containsEntry("cleanup.policy", "compact")
                .containsEntry("min.insync.replicas", "2");
    }
}
