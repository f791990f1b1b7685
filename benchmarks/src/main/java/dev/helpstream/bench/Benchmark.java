package dev.helpstream.bench;

import dev.helpstream.bench.ceiling.CeilingResult;
import dev.helpstream.bench.ceiling.KafkaCeiling;
import dev.helpstream.bench.load.StaffLogin;
import dev.helpstream.bench.load.TicketLoader;
import dev.helpstream.bench.load.ViewLatency;
import dev.helpstream.bench.mail.AckMailbox;
import dev.helpstream.bench.mail.SmtpBlaster;
import dev.helpstream.bench.report.Figures;
import dev.helpstream.bench.stack.AllInOne;
import dev.helpstream.bench.stack.ExternalStack;
import dev.helpstream.bench.stack.ProcessMeter;
import dev.helpstream.bench.stack.Stack;
import dev.helpstream.bench.tickets.LoadPhases;
import dev.helpstream.bench.tickets.TicketApi;
import dev.helpstream.bench.tickets.ViewWatcher;
import dev.helpstream.bench.verify.Ledger;
import dev.helpstream.bench.verify.PipelineWatcher;
import dev.helpstream.bench.verify.Verification;
import dev.helpstream.bench.verify.Verification.PhaseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One benchmark run: the all-in-one (or running services) under load, next to the Kafka ceiling of
 * the same machine, in this order: the ceiling on the idle stack; a warm-up; tickets through the
 * API in a closed loop, then in an open loop; mail through SMTP; verification of all of it; then
 * the staff view with the loaded tickets. Every ticket phase waits until its tickets are through
 * the whole pipeline (opened, SLA targets set, acknowledgement mail received, and for the API
 * phases shown in the staff stream) before the next starts.
 */
final class Benchmark {

    private static final Logger log = LoggerFactory.getLogger(Benchmark.class);

    /** A run's outcome: verified with its figures, or failed with its problems and no figures. */
    record Outcome(List<String> problems, Figures figures) {

        boolean verified() {
            return problems.isEmpty();
        }
    }

    private final Settings settings;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final Ledger ledger = new Ledger();
    private final Map<String, Figures.Cpu> cpu = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final ProcessMeter generator =
            new ProcessMeter(ProcessHandle.current().pid());
    private ProcessMeter meter;
    private ViewWatcher view;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(daemon("bench-rss"));
    private volatile long peakAnonymous = -1;
    private volatile long peakFile = -1;

    Benchmark(Settings settings) {
        this.settings = settings;
    }

    Outcome run() throws Exception {
        try {
            return measure();
        } finally {
            sampler.shutdownNow();
        }
    }

    private Outcome measure() throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newFixedThreadPool(4, daemon("bench-http")))
                .build();
        try (AckMailbox mailbox = AckMailbox.start(settings.mailboxPort());
                Stack stack = start(mailbox)) {
            mailbox.onArrival((recipient, arrival) -> ledger.acknowledged(recipient, arrival.nanoTime()));
            meter = stack.pid().isPresent() ? new ProcessMeter(stack.pid().getAsLong()) : null;
            if (meter != null) {
                sampler.scheduleAtFixedRate(this::sampleResident, 0, 250, TimeUnit.MILLISECONDS);
            }
            String token = StaffLogin.token(http, stack.gateway(), "admin", "demo");
            Figures.Ceiling ceiling = null;
            double mailAcceptedPerSecond = 0;
            // The agent's stream has a client of its own, not a share of the load's connections.
            HttpClient agent = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10))
                    .executor(Executors.newFixedThreadPool(2, daemon("bench-agent-http")))
                    .build();
            try (PipelineWatcher watcher = new PipelineWatcher(stack.bootstrapServers(), ledger);
                    ViewWatcher view = new ViewWatcher(agent, stack.gateway(), token, ledger)) {
                this.view = view;
                view.awaitReady(Duration.ofSeconds(30));
                if (settings.phases().contains("ceiling")) {
                    ceiling = measured("ceiling", () -> ceiling(stack));
                }
                TicketApi api = new TicketApi(http, stack.ingest(), settings.apiKey(), ledger, runId);
                if (settings.warmupTickets() > 0) {
                    measured("warm-up", () -> {
                        LoadPhases.closedLoop(api, "warmup", settings.warmupTickets(), settings.concurrency());
                        return awaitComplete("warmup", settings.warmupTickets(), true);
                    });
                }
                if (settings.phases().contains("closed")) {
                    measured("closed loop", () -> {
                        LoadPhases.closedLoop(api, "closed", settings.closedTickets(), settings.concurrency());
                        return awaitComplete("closed", settings.closedTickets(), true);
                    });
                }
                int openTickets = settings.openRate() * settings.openSeconds();
                if (settings.phases().contains("open")) {
                    measured("open loop", () -> {
                        LoadPhases.openLoop(api, "open", settings.openRate(), settings.openSeconds(), 600);
                        return awaitComplete("open", openTickets, true);
                    });
                }
                if (settings.phases().contains("mail")) {
                    mailAcceptedPerSecond = measured("mail intake", () -> mail(stack));
                }
                // A second acknowledgement of a ticket would come after its first: give the notifier
                // the time to send any before the verdict.
                awaitQuiet(mailbox, Duration.ofSeconds(3));
                List<PhaseResult> results = new ArrayList<>();
                if (settings.warmupTickets() > 0) {
                    results.add(Verification.phase(ledger, "warmup", settings.warmupTickets(), true));
                }
                PhaseResult closedResult = settings.phases().contains("closed")
                        ? Verification.phase(ledger, "closed", settings.closedTickets(), true)
                        : null;
                PhaseResult openResult = settings.phases().contains("open")
                        ? Verification.phase(ledger, "open", openTickets, true)
                        : null;
                PhaseResult mailResult = settings.phases().contains("mail")
                        ? Verification.phase(ledger, "mail", settings.mails(), false)
                        : null;
                Stream.of(closedResult, openResult, mailResult)
                        .filter(Objects::nonNull)
                        .forEach(results::add);
                List<String> problems = new ArrayList<>();
                results.forEach(result -> problems.addAll(result.problems()));
                watcher.deadLetters().forEach((topic, count) -> problems.add(count + " dead letters on " + topic));
                if (watcher.failure() != null) {
                    problems.add("the pipeline watcher failed: " + watcher.failure());
                }
                if (view.failure() != null) {
                    problems.add("the staff stream failed: " + view.failure());
                }
                if (!problems.isEmpty()) {
                    return new Outcome(problems, null);
                }
                Figures.Closed closed = closedResult == null
                        ? null
                        : new Figures.Closed(settings.concurrency(), closedResult.figures());
                Figures.Open open = openResult == null
                        ? null
                        : new Figures.Open(settings.openRate(), settings.openSeconds(), openResult.figures());
                Figures.Mail mail = mailResult == null
                        ? null
                        : new Figures.Mail(settings.smtpConnections(), mailAcceptedPerSecond, mailResult.figures());
                Figures.View staffView = null;
                if (settings.phases().contains("view")) {
                    staffView = measured("1M load and staff view", () -> staffView(http, stack, token));
                }
                if (view.reopenings() > 0) {
                    notes.add("the staff stream stopped " + view.reopenings() + " times under the watcher (the"
                            + " gateway ends it with 'reset' for a client too far behind) and was opened again; "
                            + ledger.confirmedVisibleCount() + " tickets shown meanwhile were confirmed by a read"
                            + " from the gateway and are in no accepted → visible figure");
                }
                if (ledger.retries() > 0) {
                    notes.add(ledger.retries() + " API requests were sent again with their Idempotency-Key after a"
                            + " time-out, an I/O error or a 503; each ticket was still opened once");
                }
                long peakRss = meter == null ? -1 : meter.peakRssBytes();
                return new Outcome(
                        List.of(),
                        new Figures(
                                runId,
                                stack.description(),
                                Runtime.getRuntime().availableProcessors(),
                                ceiling,
                                closed,
                                open,
                                mail,
                                staffView,
                                cpu,
                                peakRss,
                                peakAnonymous,
                                peakFile,
                                notes));
            }
        }
    }

    private Stack start(AckMailbox mailbox) {
        if (settings.external()) {
            String[] smtp = settings.smtp().split(":");
            return new ExternalStack(
                    settings.bootstrapServers(),
                    URI.create(settings.gatewayUrl()),
                    URI.create(settings.ingestUrl()),
                    smtp[0],
                    Integer.parseInt(smtp[1]),
                    settings.pid() > 0 ? OptionalLong.of(settings.pid()) : OptionalLong.empty());
        }
        Path work = settings.workDirectory().toAbsolutePath();
        deleteRecursively(work);
        return AllInOne.start(
                settings.launcherJar(), work, mailbox.port(), settings.jvmOptions(), List.of(), Duration.ofMinutes(3));
    }

    private Figures.Ceiling ceiling(Stack stack) {
        CeilingResult result = KafkaCeiling.measure(
                stack.bootstrapServers(),
                settings.ceilingRecords(),
                1024,
                6,
                settings.workDirectory().toAbsolutePath().resolve("ceiling-streams"),
                Duration.ofMinutes(5));
        log.info("Ceiling: {}", result);
        return new Figures.Ceiling(
                result.records(),
                result.recordBytes(),
                result.producerRecordsPerSecond(),
                result.producerMegabytesPerSecond(),
                result.eosPassThroughRecordsPerSecond());
    }

    /** Sends the mails, waits for their tickets through the pipeline; returns mails accepted per second. */
    private double mail(Stack stack) throws InterruptedException {
        List<SmtpBlaster.OutgoingMail> mails = new ArrayList<>();
        for (int i = 0; i < settings.mails(); i++) {
            String from = "mail-" + i + "." + runId + "@customers.example.com";
            mails.add(new SmtpBlaster.OutgoingMail(
                    from,
                    "support@helpdesk.test",
                    SmtpBlaster.message(
                            from,
                            "support@helpdesk.test",
                            "Mailbox quota warning (mail " + i + ")",
                            "<mail-" + i + "." + runId + "@customers.example.com>",
                            SmtpBlaster.sampleBody("Our mailbox says it is full although we deleted everything."))));
        }
        SmtpBlaster.BlastResult result = SmtpBlaster.send(
                stack.smtpHost(), stack.smtpPort(), settings.smtpConnections(), mails, Duration.ofMinutes(10));
        for (int i = 0; i < mails.size(); i++) {
            Ledger.Submission submission = ledger.submitted("mail", mails.get(i).from(), result.firstSendNanos());
            if (result.acceptedNanos()[i] == 0) {
                ledger.failed(submission, "refused by the SMTP listener");
            } else {
                ledger.accepted(submission, null, result.acceptedNanos()[i]);
            }
        }
        if (result.refused() > 0) {
            log.warn("The SMTP listener refused {} mails: {}", result.refused(), result.refusals());
        }
        awaitComplete("mail", settings.mails(), false);
        return result.sent() / (Math.max(1, result.lastAcceptedNanos() - result.firstSendNanos()) / 1e9);
    }

    private Figures.View staffView(HttpClient http, Stack stack, String token) throws Exception {
        dev.helpstream.bench.load.LoadResult loaded =
                TicketLoader.load(stack.bootstrapServers(), settings.loadTickets(), runId);
        long start = System.nanoTime();
        // The views count the pipeline's tickets too: every ticket this run submitted, and the loaded ones.
        TicketLoader.awaitIndexed(
                http, stack.gateway(), token, ledger.submitted() + settings.loadTickets(), Duration.ofMinutes(30));
        double indexedSeconds = (System.nanoTime() - start) / 1e9;
        String path = "/api/v1/staff/views/open?limit=50";
        Histogram latency = ViewLatency.measure(
                http, stack.gateway(), token, path, settings.viewRequests(), Math.min(200, settings.viewRequests()));
        return new Figures.View(loaded.tickets(), loaded.ticketsPerSecond(), indexedSeconds, path, latency);
    }

    /** Waits until every ticket of the phase is through the pipeline, or the completion timeout. */
    private boolean awaitComplete(String phase, int tickets, boolean needsVisibility) throws InterruptedException {
        long deadline = System.nanoTime() + settings.completionTimeout().toNanos();
        long nextLog = System.nanoTime();
        int complete = 0;
        while (System.nanoTime() < deadline) {
            complete = ledger.complete(phase, needsVisibility);
            if (complete >= tickets) {
                return true;
            }
            if (needsVisibility && view.reopenings() > 0) {
                // Tickets shown while the stream was being opened again will not show on it.
                List<String> unseen = ledger.unseen(phase);
                if (!unseen.isEmpty()) {
                    log.info(
                            "{}: confirmed {} of {} tickets not seen on the staff stream by reading them",
                            phase,
                            view.confirmVisible(unseen),
                            unseen.size());
                }
            }
            if (view.failure() != null) {
                log.warn("{}: the staff stream failed: {}", phase, view.failure());
                return false;
            }
            if (System.nanoTime() >= nextLog) {
                log.info(
                        "{}: {} of {} tickets through the pipeline ({})",
                        phase,
                        complete,
                        tickets,
                        ledger.progress(phase));
                nextLog = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            }
            Thread.sleep(100);
        }
        log.warn(
                "{}: only {} of {} tickets through the pipeline after {}",
                phase,
                complete,
                tickets,
                settings.completionTimeout());
        return false;
    }

    /** Waits until the mailbox got nothing new for {@code quiet}. */
    private static void awaitQuiet(AckMailbox mailbox, Duration quiet) throws InterruptedException {
        int seen = mailbox.messages();
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < quiet.toNanos()) {
            Thread.sleep(100);
            int now = mailbox.messages();
            if (now != seen) {
                seen = now;
                quietSince = System.nanoTime();
            }
        }
    }

    /** Keeps the highest anonymous and file-backed resident sets seen (sampled every 250 ms). */
    private void sampleResident() {
        try {
            ProcessMeter.Resident now = meter.resident();
            peakAnonymous = Math.max(peakAnonymous, now.anonymousBytes());
            peakFile = Math.max(peakFile, now.fileBytes());
        } catch (RuntimeException gone) {
            // the process is stopping
        }
    }

    /** Runs a phase, recording the measured process's CPU time over it. */
    private <T> T measured(String phase, Step<T> step) throws Exception {
        log.info("Phase: {}", phase);
        double cpuBefore = meter == null ? 0 : meter.cpuSeconds();
        double generatorBefore = generator.cpuSeconds();
        long start = System.nanoTime();
        T result = step.run();
        double wall = (System.nanoTime() - start) / 1e9;
        if (meter != null) {
            cpu.put(
                    phase,
                    new Figures.Cpu(meter.cpuSeconds() - cpuBefore, generator.cpuSeconds() - generatorBefore, wall));
        }
        return result;
    }

    private interface Step<T> {
        T run() throws Exception;
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
