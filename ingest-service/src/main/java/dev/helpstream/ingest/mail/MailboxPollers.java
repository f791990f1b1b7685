package dev.helpstream.ingest.mail;

import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs one {@link MailboxPoller} per configured mailbox ({@code helpstream.ingest.mail.mailboxes}),
 * each on a thread of its own, polling at once at startup and then {@code pollInterval} after the
 * end of each poll. A failed poll (server unreachable, Kafka down) is logged and retried at the
 * next interval; it never stops the schedule. On shutdown a poll finishes the mail in hand (its
 * record acknowledged and marked, or left on the server), bounded: a poll that hangs is cut off by
 * closing its connection, which leaves its mail on the server for the next start.
 */
@Component
class MailboxPollers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MailboxPollers.class);
    private static final long STOP_WAIT_SECONDS = 10;

    private final MailProperties properties;
    private final MailIntake intake;
    private final List<Running> running = new ArrayList<>();

    MailboxPollers(MailProperties properties, MailIntake intake) {
        this.properties = properties;
        this.intake = intake;
    }

    @Override
    public synchronized void start() {
        for (MailProperties.Mailbox mailbox : properties.mailboxes()) {
            MailboxPoller poller = new MailboxPoller(mailbox, intake, MailboxPoller.ImportHook.NONE);
            ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
                    runnable -> new Thread(runnable, "mail-poller-" + mailbox.displayName()));
            thread.scheduleWithFixedDelay(
                    () -> pollOnce(poller), 0, mailbox.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            running.add(new Running(poller, thread));
            log.info(
                    "Polling {} every {} ({} imported mail)",
                    mailbox.source(),
                    mailbox.pollInterval(),
                    mailbox.effectiveAfterImport());
        }
    }

    private static void pollOnce(MailboxPoller poller) {
        try {
            poller.poll();
        } catch (MailNotStoredException e) {
            log.warn(
                    "Mail in {} stays on the server until the next poll: {}",
                    poller.mailbox().source(),
                    e.getMessage());
        } catch (MessagingException e) {
            log.warn("Could not poll {}: {}", poller.mailbox().source(), e.getMessage());
        } catch (RuntimeException e) {
            // A thrown exception would end the schedule; the mailbox must keep being read.
            log.error("Polling {} failed", poller.mailbox().source(), e);
        }
    }

    @Override
    public synchronized void stop() {
        running.forEach(poller -> {
            poller.poller().stop();
            poller.thread().shutdown();
        });
        for (Running poller : running) {
            try {
                if (!poller.thread().awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    poller.poller().abort();
                    poller.thread().shutdownNow();
                    poller.thread().awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                poller.poller().abort();
                poller.thread().shutdownNow();
            }
        }
        running.clear();
    }

    @Override
    public synchronized boolean isRunning() {
        return !running.isEmpty();
    }

    @Override
    public int getPhase() {
        // After the configuration view (phase 0), stopped before it and before the Kafka clients.
        return 100;
    }

    private record Running(MailboxPoller poller, ScheduledExecutorService thread) {}
}
