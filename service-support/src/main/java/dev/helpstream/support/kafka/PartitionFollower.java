package dev.helpstream.support.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every partition of some topics on its own daemon thread, without a consumer group, and
 * hands each non-empty poll to a handler: for services where every instance needs all of a topic
 * (a full replica, a result addressed to whichever instance waits for it).
 *
 * <p>Input: every partition of the topics, from the {@link StartPosition} (the beginning, the end,
 * or the first record at or after an instant), with the isolation level and consumer properties
 * given. Output: the batches, in the consumer's order, to the {@link BatchHandler} on the
 * follower's thread. Invariants: {@link #positions()} and {@link #awaitHandled} move only after the
 * handler has returned for the records before them; {@link #caughtUp()} turns true once every
 * partition is read to the end offsets found at start, after the {@link CaughtUpHandler} ran. A
 * handler that throws (or a consumer that fails) stops the follower for good, visibly: it is
 * logged with the consequence named at build time, {@link #isRunning()} turns false and {@link
 * #failure()} says why. Take the values as bytes and decode them in the handler where an
 * undecodable record should be skipped rather than stop everything.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class PartitionFollower<K, V> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PartitionFollower.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    /** Between looks for a topic just created, whose metadata the broker may not serve yet. */
    private static final long TOPIC_RETRY_MILLIS = 100;

    /** Where the follower starts reading each partition. */
    public static final class StartPosition {

        /** The oldest record still held. */
        public static final StartPosition BEGINNING = new StartPosition(null, "the beginning");

        /** Only records written after the follower has started. */
        public static final StartPosition END = new StartPosition(null, "the end");

        private final Instant since;
        private final String description;

        private StartPosition(Instant since, String description) {
            this.since = since;
            this.description = description;
        }

        /**
         * The first record whose timestamp is at or after {@code instant}; the end of a partition
         * that has none.
         */
        public static StartPosition since(Instant instant) {
            return new StartPosition(Objects.requireNonNull(instant, "instant"), "the first record since " + instant);
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /** Takes one non-empty poll, on the follower's thread. */
    @FunctionalInterface
    public interface BatchHandler<K, V> {

        /** Throwing stops the follower for good. */
        void handle(ConsumerRecords<K, V> records) throws Exception;
    }

    /** Runs once, on the follower's thread, when the end offsets found at start are reached. */
    @FunctionalInterface
    public interface CaughtUpHandler {

        /** Throwing stops the follower for good. */
        void caughtUp() throws Exception;
    }

    private final Map<String, Object> consumerConfig;
    private final Deserializer<K> keys;
    private final Deserializer<V> values;
    private final List<String> topics;
    private final StartPosition startPosition;
    private final String clientId;
    private final String threadName;
    private final String failureConsequence;
    private final BatchHandler<K, V> handler;
    private final CaughtUpHandler caughtUpHandler;
    private final CompletableFuture<Void> positioned = new CompletableFuture<>();
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<HandledWaiter> waiters = new CopyOnWriteArrayList<>();
    private volatile Map<TopicPartition, Long> positions = Map.of();
    private volatile boolean running;
    private volatile Throwable failure;
    private volatile long recordsRead;
    private volatile String lookingFor;
    private volatile KafkaConsumer<K, V> consumer;
    private volatile Thread thread;

    private PartitionFollower(Builder<K, V> builder, BatchHandler<K, V> handler) {
        Map<String, Object> config = new HashMap<>(builder.properties);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, builder.bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, builder.clientId);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, builder.isolation.toString());
        // No group: offsets are never committed, and a reset (retention overtook the position)
        // goes where this follower would start anyway.
        config.putIfAbsent(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                builder.startPosition == StartPosition.BEGINNING ? "earliest" : "latest");
        this.consumerConfig = Map.copyOf(config);
        this.keys = builder.keys;
        this.values = builder.values;
        this.topics = List.copyOf(builder.topics);
        this.startPosition = builder.startPosition;
        this.clientId = builder.clientId;
        this.threadName = builder.threadName == null ? builder.clientId + "-reader" : builder.threadName;
        this.failureConsequence = builder.failureConsequence;
        this.handler = handler;
        this.caughtUpHandler = builder.caughtUpHandler;
    }

    /**
     * Starts building a follower.
     *
     * @param bootstrapServers the cluster
     * @param clientId the consumer's client id; unique within a JVM, since client metrics are
     *     registered under it
     */
    public static <K, V> Builder<K, V> builder(
            String bootstrapServers, String clientId, Deserializer<K> keys, Deserializer<V> values) {
        return new Builder<>(bootstrapServers, clientId, keys, values);
    }

    /**
     * Starts following and returns once every partition has its start position. A follower starts
     * once; after {@link #close} build a new one.
     *
     * @throws IllegalStateException when positioning takes longer than {@code positionTimeout}
     *     (a topic that does not exist is looked for until then) or the follower fails first; the
     *     follower is closed then
     */
    public synchronized void start(Duration positionTimeout) {
        if (thread != null) {
            throw new IllegalStateException("The follower " + clientId + " was started already");
        }
        if (closing.getCount() == 0) {
            throw new IllegalStateException("The follower " + clientId + " was closed");
        }
        consumer = new KafkaConsumer<>(consumerConfig, keys, values);
        running = true;
        thread = new Thread(this::follow, threadName);
        thread.setDaemon(true);
        thread.start();
        try {
            positioned.get(positionTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            String missing = lookingFor;
            close();
            throw new IllegalStateException("Could not position on " + topics + " at " + startPosition + " within "
                    + positionTimeout + (missing == null ? "" : ": topic " + missing + " does not exist"));
        } catch (ExecutionException e) {
            close();
            throw new IllegalStateException(
                    "The follower " + clientId + " of " + topics + " stopped before it was positioned", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("Interrupted while positioning on " + topics, e);
        }
    }

    /**
     * Waits until every partition is read to the end offsets found at start.
     *
     * @return true once caught up, false when {@code timeout} passed first
     * @throws IllegalStateException when the follower stopped before catching up (the cause is its
     *     failure, if it failed)
     */
    public boolean awaitCaughtUp(Duration timeout) {
        try {
            caughtUp.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "The follower " + clientId + " of " + topics + " stopped before catching up", failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while " + topics + " caught up", e);
        }
    }

    /** Whether every partition has been read to the end offsets found at start. */
    public boolean caughtUp() {
        return caughtUp.isDone() && !caughtUp.isCompletedExceptionally();
    }

    /**
     * Completes once the record at this offset of this partition has been handed to the handler and
     * the handler has returned (read-your-writes for whoever wrote it); fails if the follower stops
     * first.
     */
    public CompletableFuture<Void> awaitHandled(TopicPartition partition, long offset) {
        HandledWaiter waiter = new HandledWaiter(partition, offset, new CompletableFuture<>());
        waiters.add(waiter);
        completeWaiters();
        if (closing.getCount() == 0 || stopped.getCount() == 0) {
            // The follower's last failWaiters() may have run before this waiter was added.
            failWaiters();
        }
        return waiter.done();
    }

    /** The next offset to read of each partition, as of the last handled poll; empty before start. */
    public Map<TopicPartition, Long> positions() {
        return positions;
    }

    /** From {@link #start} until {@link #close} or a failure. */
    public boolean isRunning() {
        return running;
    }

    /** Why the follower stopped while it should have been running; empty otherwise. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** Records handed to the handler so far. */
    public long recordsRead() {
        return recordsRead;
    }

    /**
     * Stops following and waits (up to ten seconds) for the thread to end; waiters fail. Idempotent;
     * safe from the handler itself, which then does not wait for its own thread.
     */
    @Override
    public void close() {
        running = false;
        closing.countDown();
        KafkaConsumer<K, V> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        Thread follower = thread;
        if (follower != null && follower != Thread.currentThread()) {
            try {
                if (!stopped.await(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("The follower {} of {} did not stop within {}", clientId, topics, CLOSE_TIMEOUT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        failWaiters();
    }

    private void follow() {
        try (KafkaConsumer<K, V> kafka = consumer) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                partitions.addAll(partitionsOf(kafka, topic));
            }
            kafka.assign(partitions);
            seek(kafka, partitions);
            Map<TopicPartition, Long> endAtStart = kafka.endOffsets(partitions);
            updatePositions(kafka, partitions);
            positioned.complete(null);
            checkCaughtUp(endAtStart);
            while (running) {
                ConsumerRecords<K, V> records = kafka.poll(POLL);
                if (!records.isEmpty()) {
                    recordsRead += records.count();
                    handler.handle(records);
                }
                updatePositions(kafka, partitions);
                checkCaughtUp(endAtStart);
            }
        } catch (WakeupException e) {
            if (running) {
                fail(e);
            }
        } catch (Exception e) {
            fail(e);
        } finally {
            running = false;
            IllegalStateException reason = stoppedReason();
            positioned.completeExceptionally(reason);
            caughtUp.completeExceptionally(reason);
            stopped.countDown();
            failWaiters();
        }
    }

    private List<TopicPartition> partitionsOf(KafkaConsumer<K, V> kafka, String topic) throws InterruptedException {
        while (true) {
            List<TopicPartition> partitions = kafka.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            if (!partitions.isEmpty()) {
                lookingFor = null;
                return partitions;
            }
            lookingFor = topic;
            // A topic created a moment ago may not be in the broker's metadata yet: look again
            // until start() gives up (and closes), rather than follow nothing.
            if (closing.await(TOPIC_RETRY_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new WakeupException();
            }
        }
    }

    private void seek(KafkaConsumer<K, V> kafka, List<TopicPartition> partitions) {
        if (startPosition == StartPosition.BEGINNING) {
            kafka.seekToBeginning(partitions);
        } else if (startPosition == StartPosition.END) {
            kafka.seekToEnd(partitions);
        } else {
            Map<TopicPartition, Long> since = new HashMap<>();
            partitions.forEach(partition -> since.put(partition, startPosition.since.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> offsets = kafka.offsetsForTimes(since);
            Map<TopicPartition, Long> ends = kafka.endOffsets(partitions);
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp offset = offsets.get(partition);
                kafka.seek(partition, offset == null ? ends.get(partition) : offset.offset());
            }
        }
    }

    /** Also resolves the lazy seeks at start, so a record written after start() returns is read. */
    private void updatePositions(KafkaConsumer<K, V> kafka, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> next = new HashMap<>();
        partitions.forEach(partition -> next.put(partition, kafka.position(partition)));
        positions = Map.copyOf(next);
        completeWaiters();
    }

    private void checkCaughtUp(Map<TopicPartition, Long> endAtStart) throws Exception {
        if (caughtUp.isDone()) {
            return;
        }
        Map<TopicPartition, Long> current = positions;
        if (endAtStart.entrySet().stream().allMatch(end -> current.get(end.getKey()) >= end.getValue())) {
            if (caughtUpHandler != null) {
                caughtUpHandler.caughtUp();
            }
            caughtUp.complete(null);
        }
    }

    private void completeWaiters() {
        Map<TopicPartition, Long> current = positions;
        for (HandledWaiter waiter : waiters) {
            Long position = current.get(waiter.partition());
            if (position != null && position > waiter.offset()) {
                waiter.done().complete(null);
                waiters.remove(waiter);
            }
        }
    }

    private void failWaiters() {
        IllegalStateException reason = stoppedReason();
        for (HandledWaiter waiter : waiters) {
            waiter.done().completeExceptionally(reason);
            waiters.remove(waiter);
        }
    }

    private IllegalStateException stoppedReason() {
        return new IllegalStateException("The follower " + clientId + " of " + topics + " stopped", failure);
    }

    private void fail(Exception e) {
        failure = e;
        log.error("The follower {} of {} stopped; {}", clientId, topics, failureConsequence, e);
    }

    private record HandledWaiter(TopicPartition partition, long offset, CompletableFuture<Void> done) {}

    /** What to follow and how; {@link #build} makes the follower, which starts with {@link #start}. */
    public static final class Builder<K, V> {

        private final String bootstrapServers;
        private final String clientId;
        private final Deserializer<K> keys;
        private final Deserializer<V> values;
        private final Set<String> topics = new LinkedHashSet<>();
        private final Map<String, Object> properties = new HashMap<>();
        private StartPosition startPosition = StartPosition.BEGINNING;
        private IsolationLevel isolation = IsolationLevel.READ_COMMITTED;
        private String threadName;
        private String failureConsequence = "its records are no longer handled";
        private CaughtUpHandler caughtUpHandler;

        private Builder(String bootstrapServers, String clientId, Deserializer<K> keys, Deserializer<V> values) {
            this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            this.clientId = Objects.requireNonNull(clientId, "clientId");
            this.keys = Objects.requireNonNull(keys, "keys");
            this.values = Objects.requireNonNull(values, "values");
        }

        /** The topics to follow, every partition of each; at least one. */
        public Builder<K, V> topics(String... names) {
            topics.addAll(List.of(names));
            return this;
        }

        /** Where to start; {@link StartPosition#BEGINNING} unless told. */
        public Builder<K, V> from(StartPosition position) {
            this.startPosition = Objects.requireNonNull(position, "position");
            return this;
        }

        /**
         * {@link IsolationLevel#READ_COMMITTED} unless told: Helpstream's writers are transactional,
         * and half a transaction must never be handled.
         */
        public Builder<K, V> isolation(IsolationLevel level) {
            this.isolation = Objects.requireNonNull(level, "level");
            return this;
        }

        /**
         * A further consumer property (for example {@code max.poll.records} or {@code
         * fetch.max.wait.ms}); the servers, client id and isolation level are set by their own
         * methods.
         */
        public Builder<K, V> property(String name, Object value) {
            properties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** The follower thread's name; the client id followed by {@code -reader} unless told. */
        public Builder<K, V> threadName(String name) {
            this.threadName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** What stops working when the follower fails, for the error logged then. */
        public Builder<K, V> failureConsequence(String consequence) {
            this.failureConsequence = Objects.requireNonNull(consequence, "consequence");
            return this;
        }

        /** Runs on the follower's thread once caught up, before {@link #caughtUp()} turns true. */
        public Builder<K, V> onCaughtUp(CaughtUpHandler handler) {
            this.caughtUpHandler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** The follower, not started yet, handing each non-empty poll to {@code handler}. */
        public PartitionFollower<K, V> build(BatchHandler<K, V> handler) {
            if (topics.isEmpty()) {
                throw new IllegalStateException("The follower " + clientId + " has no topics");
            }
            return new PartitionFollower<>(this, Objects.requireNonNull(handler, "handler"));
        }
    }
}
