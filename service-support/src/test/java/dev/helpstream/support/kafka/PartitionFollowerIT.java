package dev.helpstream.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.helpstream.kafka.embedded.EmbeddedKafkaExtension;
import dev.helpstream.kafka.embedded.KafkaCluster;
import dev.helpstream.support.kafka.PartitionFollower.StartPosition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A follower on the real broker: each start position, catching up, failing and closing. */
@ExtendWith(EmbeddedKafkaExtension.class)
class PartitionFollowerIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Instant BASE = Instant.parse("2026-03-02T09:00:00Z");

    private final List<PartitionFollower<String, String>> followers = new ArrayList<>();
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private KafkaCluster cluster;
    private String topic;
    private String lastClientId;

    @BeforeEach
    void createTopic(KafkaCluster kafka) throws Exception {
        cluster = kafka;
        topic = "follower-" + UUID.randomUUID();
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            // Kept forever: the records are stamped in March 2026, and with the broker's default
            // retention of 7 days its next retention check would delete them under a test.
            admin.createTopics(List.of(new NewTopic(topic, 3, cluster.replicationFactor())
                            .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1"))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    @AfterEach
    void closeFollowers() {
        followers.forEach(PartitionFollower::close);
    }

    @Test
    void shouldHandEveryRecordFromTheBeginningAndCatchUpToTheEndOffsetsFoundAtStart() throws Exception {
        write(0, BASE, "a1", "a2");
        write(1, BASE, "b1");
        write(2, BASE, "c1");
        AtomicInteger handledWhenCaughtUp = new AtomicInteger(-1);
        List<String> threads = new CopyOnWriteArrayList<>();
        PartitionFollower<String, String> follower = follower(StartPosition.BEGINNING)
                .threadName("test-history")
                .onCaughtUp(() -> handledWhenCaughtUp.set(handled.size()))
                .build(records -> {
                    threads.add(Thread.currentThread().getName());
                    records.forEach(record -> handled.add(record.value()));
                });
        followers.add(follower);

        follower.start(DEADLINE);

        assertThat(follower.awaitCaughtUp(DEADLINE)).isTrue();
        assertThat(follower.caughtUp()).isTrue();
        assertThat(handled).containsExactlyInAnyOrder("a1", "a2", "b1", "c1");
        assertThat(handled.indexOf("a1")).isLessThan(handled.indexOf("a2"));
        assertThat(handledWhenCaughtUp.get()).isEqualTo(4);
        assertThat(threads).isNotEmpty().containsOnly("test-history");
        assertThat(follower.positions()).isEqualTo(Map.of(partition(0), 2L, partition(1), 1L, partition(2), 1L));
        assertThat(follower.recordsRead()).isEqualTo(4);
        assertThat(follower.isRunning()).isTrue();
        assertThat(follower.failure()).isEmpty();
    }

    @Test
    void shouldHandOnlyRecordsWrittenAfterStartFromTheEnd() throws Exception {
        write(0, BASE, "old-1", "old-2");
        write(2, BASE, "old-3");
        PartitionFollower<String, String> follower = started(follower(StartPosition.END));

        assertThat(follower.awaitCaughtUp(DEADLINE)).isTrue();
        assertThat(follower.positions()).isEqualTo(Map.of(partition(0), 2L, partition(1), 0L, partition(2), 1L));
        write(1, BASE, "new-1");

        await().atMost(DEADLINE).until(() -> handled.size() == 1);
        assertThat(handled).containsExactly("new-1");
        assertThat(follower.positions()).containsEntry(partition(1), 1L);
    }

    @Test
    void shouldStartEachPartitionAtItsFirstRecordSinceTheInstant() throws Exception {
        write(0, BASE.minus(Duration.ofHours(2)), "p0-before");
        write(0, BASE, "p0-at");
        write(0, BASE.plus(Duration.ofMinutes(1)), "p0-after");
        write(1, BASE.minus(Duration.ofHours(1)), "p1-before");
        PartitionFollower<String, String> follower = started(follower(StartPosition.since(BASE)));

        assertThat(follower.awaitCaughtUp(DEADLINE)).isTrue();
        assertThat(handled).containsExactly("p0-at", "p0-after");
        assertThat(follower.positions()).isEqualTo(Map.of(partition(0), 3L, partition(1), 1L, partition(2), 0L));
        write(1, BASE.minus(Duration.ofHours(3)), "p1-late");

        await().atMost(DEADLINE).until(() -> handled.size() == 3);
        assertThat(handled).containsExactly("p0-at", "p0-after", "p1-late");
    }

    @Test
    void shouldCompleteAHandledWaiterOnlyOnceTheHandlerHasReturnedForItsRecord() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        PartitionFollower<String, String> follower =
                started(follower(StartPosition.END).build(records -> {
                    entered.countDown();
                    release.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
                    records.forEach(record -> handled.add(record.value()));
                }));
        long offset = write(1, BASE, "written");
        CompletableFuture<Void> applied = follower.awaitHandled(partition(1), offset);

        assertThat(entered.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(applied).isNotDone();
        release.countDown();

        await().atMost(DEADLINE).until(applied::isDone);
        assertThat(applied).isCompleted();
        assertThat(handled).containsExactly("written");
        assertThat(follower.awaitHandled(partition(1), offset)).isCompleted();
    }

    @Test
    void shouldStopVisiblyWhenTheHandlerFailsAndFailItsWaiters() throws Exception {
        IllegalArgumentException poison = new IllegalArgumentException("cannot apply poison");
        PartitionFollower<String, String> follower = started(follower(StartPosition.BEGINNING)
                .failureConsequence("the test sees nothing more")
                .build(records -> {
                    for (ConsumerRecord<String, String> record : records) {
                        if (record.value().equals("poison")) {
                            throw poison;
                        }
                        handled.add(record.value());
                    }
                }));
        assertThat(follower.awaitCaughtUp(DEADLINE)).isTrue();
        CompletableFuture<Void> later = follower.awaitHandled(partition(0), 5);

        write(0, BASE, "poison");

        await().atMost(DEADLINE).until(() -> !follower.isRunning());
        assertThat(follower.failure()).containsSame(poison);
        assertThat(follower.caughtUp()).isTrue();
        assertThat(later).isCompletedExceptionally();
        assertThat(follower.awaitHandled(partition(1), 0)).isCompletedExceptionally();
        write(0, BASE, "after");
        assertThat(handled).isEmpty();
    }

    @Test
    void shouldSayWhyItStoppedWhenTheHandlerFailsBeforeCatchingUp() throws Exception {
        write(2, BASE, "poison");
        IllegalStateException poison = new IllegalStateException("cannot apply poison");
        PartitionFollower<String, String> follower =
                started(follower(StartPosition.BEGINNING).build(records -> {
                    throw poison;
                }));

        assertThatThrownBy(() -> follower.awaitCaughtUp(DEADLINE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The follower " + lastClientId + " of [" + topic + "] stopped before catching up")
                .hasCause(poison);
        assertThat(follower.caughtUp()).isFalse();
        assertThat(follower.isRunning()).isFalse();
        assertThat(follower.failure()).containsSame(poison);
    }

    @Test
    void shouldStopPromptlyWhenClosedWhilePollingAndFailPendingWaiters() throws Exception {
        PartitionFollower<String, String> follower = follower(StartPosition.END)
                .threadName("test-closing-" + topic)
                .build(records -> records.forEach(record -> handled.add(record.value())));
        follower.start(DEADLINE);
        assertThat(follower.awaitCaughtUp(DEADLINE)).isTrue();
        CompletableFuture<Void> pending = follower.awaitHandled(partition(0), 0);

        follower.close();

        assertThat(follower.isRunning()).isFalse();
        assertThat(follower.failure()).isEmpty();
        assertThat(pending).isCompletedExceptionally();
        assertThat(follower.awaitHandled(partition(0), 0)).isCompletedExceptionally();
        await().atMost(DEADLINE)
                .until(() -> Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(thread -> thread.getName().equals("test-closing-" + topic)));
        follower.close();
        assertThat(follower.isRunning()).isFalse();
        assertThat(follower.failure()).isEmpty();
    }

    @Test
    void shouldCloseAFollowerThatNeverStarted() {
        PartitionFollower<String, String> follower =
                follower(StartPosition.BEGINNING).build(records -> {});

        follower.close();

        assertThat(follower.isRunning()).isFalse();
        assertThat(follower.caughtUp()).isFalse();
        assertThat(follower.awaitHandled(partition(0), 0)).isCompletedExceptionally();
        assertThatThrownBy(() -> follower.start(DEADLINE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The follower " + lastClientId + " was closed");
    }

    @Test
    void shouldLeaveAbortedTransactionsOutWhenReadingCommittedAndOnlyThen() throws Exception {
        writeTransaction("aborted", false);
        writeTransaction("committed", true);
        List<String> uncommitted = new CopyOnWriteArrayList<>();
        PartitionFollower<String, String> committedFollower = started(follower(StartPosition.BEGINNING));
        PartitionFollower<String, String> uncommittedFollower = started(follower(StartPosition.BEGINNING)
                .isolation(IsolationLevel.READ_UNCOMMITTED)
                .build(records -> records.forEach(record -> uncommitted.add(record.value()))));

        assertThat(committedFollower.awaitCaughtUp(DEADLINE)).isTrue();
        assertThat(uncommittedFollower.awaitCaughtUp(DEADLINE)).isTrue();
        assertThat(handled).containsExactly("committed");
        assertThat(uncommitted).containsExactly("aborted", "committed");
    }

    @Test
    void shouldPassFurtherConsumerPropertiesToItsConsumer() throws Exception {
        write(0, BASE, "one", "two", "three");
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        PartitionFollower<String, String> follower = started(follower(StartPosition.BEGINNING)
                .property(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1)
                .build(records -> batchSizes.add(records.count())));

        assertThat(follower.awaitCaughtUp(DEADLINE)).isTrue();
        assertThat(batchSizes).containsExactly(1, 1, 1);
    }

    @Test
    void shouldRefuseToStartOnATopicThatDoesNotExist() {
        String missing = "missing-" + UUID.randomUUID();
        PartitionFollower<String, String> follower = PartitionFollower.builder(
                        cluster.bootstrapServers(),
                        "test-missing-" + UUID.randomUUID(),
                        new StringDeserializer(),
                        new StringDeserializer())
                .topics(missing)
                .build(records -> {});
        followers.add(follower);

        assertThatThrownBy(() -> follower.start(Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Could not position on [" + missing + "] at the beginning within PT1S: topic " + missing
                        + " does not exist");
        assertThat(follower.isRunning()).isFalse();
    }

    @Test
    void shouldRefuseASecondStart() {
        PartitionFollower<String, String> follower = started(follower(StartPosition.END));

        assertThatThrownBy(() -> follower.start(DEADLINE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The follower " + lastClientId + " was started already");
        assertThat(follower.isRunning()).isTrue();
    }

    /** A builder on this test's topic; {@link #lastClientId} is its client id. */
    private PartitionFollower.Builder<String, String> follower(StartPosition from) {
        lastClientId = "test-follower-" + UUID.randomUUID();
        return PartitionFollower.builder(
                        cluster.bootstrapServers(), lastClientId, new StringDeserializer(), new StringDeserializer())
                .topics(topic)
                .from(from);
    }

    private PartitionFollower<String, String> started(PartitionFollower.Builder<String, String> builder) {
        return started(builder.build(records -> records.forEach(record -> handled.add(record.value()))));
    }

    private PartitionFollower<String, String> started(PartitionFollower<String, String> follower) {
        followers.add(follower);
        follower.start(DEADLINE);
        return follower;
    }

    private TopicPartition partition(int number) {
        return new TopicPartition(topic, number);
    }

    /** Writes the values to one partition with one timestamp; the offset of the last. */
    private long write(int partition, Instant timestamp, String... values) throws Exception {
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            long offset = -1;
            for (String value : values) {
                offset = producer.send(new ProducerRecord<>(topic, partition, timestamp.toEpochMilli(), value, value))
                        .get(30, TimeUnit.SECONDS)
                        .offset();
            }
            return offset;
        }
    }

    private void writeTransaction(String value, boolean commit) {
        try (KafkaProducer<String, String> producer =
                producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-" + UUID.randomUUID()))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, value, value));
            producer.flush();
            if (commit) {
                producer.commitTransaction();
            } else {
                producer.abortTransaction();
            }
        }
    }

    private KafkaProducer<String, String> producer(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(cluster.clientProperties());
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }
}
