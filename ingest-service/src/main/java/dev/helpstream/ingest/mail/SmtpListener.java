package dev.helpstream.ingest.mail;

import dev.helpstream.ingest.ConfigSnapshot;
import dev.helpstream.ingest.ConfigView;
import dev.helpstream.schema.config.HelpdeskSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The SMTP listener ({@code helpstream.ingest.mail.smtp.*}): receives mail for the support
 * addresses and hands each transaction to {@link SmtpTransaction}.
 *
 * <p>It advertises {@code SIZE} with the helpdesk's {@code maxEmailBytes}, so that a client that
 * declares a larger size is refused at MAIL FROM ({@code 552}); when an admin changes the limit,
 * the listener is restarted on the same port to advertise the new one (a session cut by the
 * restart is retried by its sender: nothing it sent was answered 250 without being in Kafka).
 * Started after the configuration has been read, stopped before the Kafka clients close. Runs its
 * sessions on its own threads.
 */
@Component
class SmtpListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SmtpListener.class);

    private final MailProperties.Smtp settings;
    private final MailIntake intake;
    private final ConfigView config;
    private final Object lock = new Object();
    private ExecutorService restarts;
    private SMTPServer server;
    private long advertisedLimit;
    private volatile int port = -1;
    private volatile boolean running;

    SmtpListener(MailProperties properties, MailIntake intake, ConfigView config) {
        this.settings = properties.smtp();
        this.intake = intake;
        this.config = config;
        config.addListener(this::onConfigChange);
    }

    /** The port the listener is bound to; -1 while it is not running. */
    int port() {
        return port;
    }

    @Override
    public void start() {
        if (!settings.enabled()) {
            log.info("The SMTP listener is off (helpstream.ingest.mail.smtp.enabled=false)");
            return;
        }
        synchronized (lock) {
            restarts = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "smtp-listener-restart"));
            advertisedLimit = intake.rules().maxEmailBytes();
            server = build(settings.port(), advertisedLimit);
            server.start();
            port = server.getPortAllocated();
            running = true;
        }
        log.info("SMTP listener on port {}, accepting mail of at most {} bytes", port, advertisedLimit);
    }

    private void onConfigChange(ConfigSnapshot snapshot) {
        long limit = maxEmailBytes(snapshot.settings());
        synchronized (lock) {
            if (running && limit != advertisedLimit) {
                restarts.execute(() -> restart(limit));
            }
        }
    }

    private void restart(long limit) {
        synchronized (lock) {
            if (!running || limit == advertisedLimit) {
                return;
            }
            server.stop();
            server = build(port, limit);
            server.start();
            advertisedLimit = limit;
        }
        log.info("SMTP listener restarted on port {}, accepting mail of at most {} bytes", port, limit);
    }

    private SMTPServer build(int onPort, long maxEmailBytes) {
        return SMTPServer.port(onPort)
                .bindAddress(bindAddress())
                .hostName(settings.greeting())
                .softwareName("Helpstream")
                .serverThreadName("smtp-listener")
                .messageHandlerFactory(context -> new SmtpTransaction(intake, context))
                .maxMessageSize((int) Math.min(Integer.MAX_VALUE, maxEmailBytes))
                // The mail is stored as sent: the same mail delivered twice has the same bytes.
                .insertReceivedHeaders(false)
                .maxConnections(settings.maxConnections())
                .connectionTimeout((int) settings.connectionTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .maxRecipients(settings.maxRecipients())
                .build();
    }

    private Optional<InetAddress> bindAddress() {
        if (settings.host().isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(settings.host()));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(
                    "helpstream.ingest.mail.smtp.host is not an address: " + settings.host(), e);
        }
    }

    private static long maxEmailBytes(Optional<HelpdeskSettings> settings) {
        return settings.orElseGet(() -> HelpdeskSettings.newBuilder().build()).getMaxEmailBytes();
    }

    @Override
    public void stop() {
        synchronized (lock) {
            if (!running) {
                return;
            }
            running = false;
            restarts.shutdownNow();
            server.stop();
            port = -1;
        }
        log.info("SMTP listener stopped");
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // After the configuration view (phase 0), so that the first RCPT sees the support
        // addresses; stopped before it.
        return 100;
    }
}
