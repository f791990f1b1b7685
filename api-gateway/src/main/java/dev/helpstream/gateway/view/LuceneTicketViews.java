package dev.helpstream.gateway.view;

import dev.helpstream.gateway.ConfigView;
import dev.helpstream.gateway.sla.RemainingTime;
import dev.helpstream.gateway.sla.SlaClock;
import dev.helpstream.gateway.sla.SlaSummary;
import dev.helpstream.gateway.view.TicketIndex.Applied;
import dev.helpstream.gateway.view.TicketIndex.Update;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.config.Priority;
import dev.helpstream.schema.topic.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * The ticket views of this gateway instance: a full replica of {@code tickets.state.v1}, {@code
 * tickets.events.v1} and the SLA summaries of {@code tickets.sla.v1} in a local Lucene index
 * ({@link TicketIndex}), fed by {@link TicketTopicReader}.
 *
 * <p>Startup (after the config view, before the web server) wipes the index and replays the
 * topics from the beginning, and returns once they are read to the end offsets found at start, so
 * the first request sees every ticket. Each batch read is then applied, made visible, and only
 * then published on {@link #changes()} and used to complete {@link #awaitVersion} waiters.
 * Metrics: {@code helpstream.gateway.views.tickets} (tickets held) and {@code
 * helpstream.gateway.views.skipped} (undecodable records skipped).
 */
@Component
public class LuceneTicketViews implements TicketViews, SmartLifecycle {

    /** After the config view (priority ranks), before the web server. */
    public static final int PHASE = ConfigView.PHASE + 1024;

    private static final Logger log = LoggerFactory.getLogger(LuceneTicketViews.class);

    /** Events of tickets whose snapshot has not arrived yet, held for their first change; bounded. */
    private static final int MAX_HELD_TICKETS = 10_000;

    private final Settings settings;
    private final Supplier<Map<String, Integer>> priorityRanks;
    private final RemainingTime remaining;
    private final Counter skipped;
    private final Sinks.Many<TicketChange> changes = Sinks.many().multicast().directBestEffort();
    private final Map<String, Set<Waiter>> waiters = new ConcurrentHashMap<>();
    private final Map<String, List<TicketEvent>> held = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<TicketEvent>> eldest) {
            return size() > MAX_HELD_TICKETS;
        }
    };
    private volatile TicketIndex index;
    private volatile TicketTopicReader reader;
    private boolean temporaryDirectory;

    @Autowired
    LuceneTicketViews(
            ViewsProperties properties,
            @Value("${helpstream.kafka.bootstrap-servers}") String bootstrapServers,
            @Value("${helpstream.kafka.startup-timeout:60s}") Duration startupTimeout,
            ConfigView config,
            SlaClock slaClock,
            MeterRegistry meters) {
        this(
                new Settings(
                        bootstrapServers,
                        Topics.STATE.name(),
                        Topics.EVENTS.name(),
                        Topics.SLA.name(),
                        properties.directory() == null || properties.directory().isBlank()
                                ? null
                                : Path.of(properties.directory()),
                        properties.catchUpTimeout() == null ? startupTimeout : properties.catchUpTimeout(),
                        properties.changeBuffer(),
                        properties.maxPollRecords()),
                () -> ranks(config),
                slaClock,
                meters);
    }

    /**
     * @param priorityRanks the rank of each priority id, asked once per batch
     * @param remaining counts the time an SLA target has left when its clock stops
     */
    LuceneTicketViews(
            Settings settings,
            Supplier<Map<String, Integer>> priorityRanks,
            RemainingTime remaining,
            MeterRegistry meters) {
        this.settings = settings;
        this.priorityRanks = priorityRanks;
        this.remaining = remaining;
        this.skipped = Counter.builder("helpstream.gateway.views.skipped")
                .description("Ticket state and event records the views could not decode and skipped")
                .register(meters);
        Gauge.builder("helpstream.gateway.views.tickets", this, LuceneTicketViews::ticketCount)
                .description("Tickets held by the views, deleted, merged and spam ones included")
                .register(meters);
    }

    @Override
    public Optional<Ticket> ticket(String ticketId) {
        return running().ticket(ticketId);
    }

    @Override
    public Optional<Ticket> ticketByNumber(long number) {
        return running().ticketByNumber(number);
    }

    @Override
    public List<TicketEvent> conversation(String ticketId) {
        return running().conversation(ticketId);
    }

    @Override
    public Optional<SlaSummary> sla(String ticketId) {
        return running().sla(ticketId);
    }

    @Override
    public TicketPage query(ViewQuery query) {
        return running().query(query);
    }

    @Override
    public TicketPage search(SearchQuery query) {
        return running().search(query);
    }

    @Override
    public Mono<Ticket> awaitVersion(String ticketId, long version, Duration timeout) {
        return Mono.defer(() -> {
            Waiter waiter = new Waiter(version, Sinks.one());
            waiters.compute(ticketId, (id, set) -> {
                Set<Waiter> all = set == null ? ConcurrentHashMap.newKeySet() : set;
                all.add(waiter);
                return all;
            });
            // Registered before looking, so a batch applied in between completes it either way.
            return Mono.fromRunnable(() -> running().current(ticketId).ifPresent(waiter::offer))
                    .subscribeOn(Schedulers.boundedElastic())
                    .then(waiter.result().asMono())
                    .timeout(timeout)
                    .publishOn(Schedulers.boundedElastic())
                    .doFinally(signal -> waiters.computeIfPresent(ticketId, (id, set) -> {
                        set.remove(waiter);
                        return set.isEmpty() ? null : set;
                    }));
        });
    }

    @Override
    public Flux<TicketChange> changes() {
        return changes.asFlux().onBackpressureBuffer(settings.changeBuffer()).publishOn(Schedulers.boundedElastic());
    }

    @Override
    public boolean caughtUp() {
        TicketTopicReader current = reader;
        return current != null && current.caughtUp();
    }

    /** How many tickets the views hold, deleted, merged and spam ones included. */
    public long ticketCount() {
        TicketIndex current = index;
        return current == null ? 0 : current.ticketCount();
    }

    /** Why the views stopped following the topics, if they did; empty while healthy. */
    public Optional<Throwable> failure() {
        TicketTopicReader current = reader;
        return Optional.ofNullable(current == null ? null : current.failure());
    }

    @Override
    public void start() {
        long started = System.nanoTime();
        Path directory = directory();
        index = TicketIndex.create(directory, priorityRanks, remaining);
        reader = new TicketTopicReader(
                settings.bootstrapServers(),
                // Unique: two instances in one JVM (tests, the launcher) must not share client metrics.
                "api-gateway-views-" + UUID.randomUUID().toString().substring(0, 8),
                settings.stateTopic(),
                settings.eventsTopic(),
                settings.slaTopic(),
                settings.maxPollRecords(),
                new Applier(),
                reason -> skipped.increment());
        try {
            reader.start(settings.catchUpTimeout());
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        log.info(
                "Ticket views caught up: {} tickets from {} records in {} ms, index in {}",
                ticketCount(),
                reader.recordsRead(),
                Duration.ofNanos(System.nanoTime() - started).toMillis(),
                directory);
    }

    @Override
    public void stop() {
        TicketTopicReader currentReader = reader;
        if (currentReader != null) {
            currentReader.close();
        }
        changes.tryEmitComplete();
        waiters.values()
                .forEach(set -> set.forEach(
                        waiter -> waiter.result().tryEmitError(new IllegalStateException("the ticket views stopped"))));
        TicketIndex currentIndex = index;
        index = null;
        if (currentIndex != null) {
            try {
                if (temporaryDirectory) {
                    currentIndex.closeAndDelete();
                } else {
                    currentIndex.close();
                }
            } catch (IOException e) {
                log.warn("Could not close the ticket views' index in {}", currentIndex.directory(), e);
            }
        }
    }

    @Override
    public boolean isRunning() {
        return index != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Applies what the reader reads, on its thread. */
    private final class Applier implements TicketTopicReader.BatchHandler {

        /** Live batches are made visible at once, then wake their waiters and go out as changes. */
        @Override
        public void apply(List<Update> batch, boolean live) throws IOException {
            List<Applied> applied = index.apply(batch, live);
            if (!live) {
                return;
            }
            for (Applied change : applied) {
                Set<Waiter> waiting = waiters.get(change.ticketId());
                if (waiting != null) {
                    waiting.forEach(waiter -> waiter.offer(change));
                }
                publish(change);
            }
        }

        /** The replay is made visible as a whole; anyone already waiting looks again. */
        @Override
        public void caughtUp() throws IOException {
            index.refresh();
            for (String ticketId : waiters.keySet()) {
                index.current(ticketId)
                        .ifPresent(current ->
                                waiters.getOrDefault(ticketId, Set.of()).forEach(waiter -> waiter.offer(current)));
            }
        }
    }

    private void publish(Applied change) {
        if (change.snapshot() == null) {
            // Events read before their snapshot (the topics are read independently): they go out
            // with the ticket's first change that has one, and so does its SLA summary. A
            // tombstone is not published.
            if (!change.newEvents().isEmpty()) {
                held.computeIfAbsent(change.ticketId(), id -> new ArrayList<>()).addAll(change.newEvents());
            }
            return;
        }
        List<TicketEvent> events = change.newEvents();
        List<TicketEvent> earlier = held.remove(change.ticketId());
        if (earlier != null) {
            earlier.addAll(events);
            events = earlier;
        }
        changes.tryEmitNext(new TicketChange(
                change.ticketId(),
                change.snapshot(),
                events,
                change.sla(),
                change.slaChanged(),
                change.stateChanged()));
    }

    private TicketIndex running() {
        TicketIndex current = index;
        if (current == null) {
            throw new IllegalStateException("the ticket views are not running");
        }
        return current;
    }

    private Path directory() {
        if (settings.directory() != null) {
            temporaryDirectory = false;
            return settings.directory();
        }
        try {
            temporaryDirectory = true;
            return Files.createTempDirectory("helpstream-gateway-views-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a directory for the ticket views", e);
        }
    }

    private static Map<String, Integer> ranks(ConfigView config) {
        Map<String, Integer> ranks = new HashMap<>();
        config.snapshot().all(Priority.class).forEach((id, priority) -> ranks.put(id, priority.getRank()));
        return ranks;
    }

    /**
     * How the views are set up.
     *
     * @param directory the index directory; null for a new temporary one, deleted at stop
     */
    record Settings(
            String bootstrapServers,
            String stateTopic,
            String eventsTopic,
            String slaTopic,
            Path directory,
            Duration catchUpTimeout,
            int changeBuffer,
            int maxPollRecords) {}

    /** A caller of {@link #awaitVersion} waiting for a version of one ticket. */
    private record Waiter(long version, Sinks.One<Ticket> result) {

        void offer(Applied state) {
            if (state.snapshot() != null
                    && state.snapshot().getVersion() >= version
                    && state.eventVersion() >= version) {
                result.tryEmitValue(state.snapshot());
            }
        }
    }
}
