package dev.helpstream.ingest.mail;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
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
 * <p>The size limit is the helpdesk's live {@code maxEmailBytes}, read for each session and mail:
 * EHLO advertises it ({@link LiveSizeEhlo}), MAIL FROM refuses a larger declared size and DATA
 * counts the bytes against it ({@code 552} either way). So an admin's change applies from the next
 * EHLO on, and the listener is never restarted for it: sessions in progress are not cut. The server
 * itself is built with no limit of its own.
 *
 * <p>Started after the configuration has been read, stopped before the Kafka clients close. A
 * listener that cannot bind fails the start, logged at ERROR, and {@link #status} says why (the
 * {@code smtp} health indicator). Runs its sessions on its own threads.
 */
@Component
class SmtpListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SmtpListener.class);

    private final MailProperties.Smtp settings;
    private final MailIntake intake;
    private final Object lock = new Object();
    private SMTPServer server;
    private volatile int port = -1;
    private volatile boolean running;
    private volatile String failure;

    SmtpListener(MailProperties properties, MailIntake intake) {
        this.settings = properties.smtp();
        this.intake = intake;
    }

    /** The port the listener is bound to; -1 while it is not running. */
    int port() {
        return port;
    }

    /** Whether it listens now, on which port, or why not. */
    Status status() {
        synchronized (lock) {
            if (running && server != null && server.isRunning()) {
                return new Status(true, port, null);
            }
            if (failure != null) {
                return new Status(false, -1, failure);
            }
            return new Status(false, -1, settings.enabled() ? "the listener is stopped" : "the listener is off");
        }
    }

    @Override
    public void start() {
        if (!settings.enabled()) {
            log.info("The SMTP listener is off (helpstream.ingest.mail.smtp.enabled=false)");
            return;
        }
        synchronized (lock) {
            if (running) {
                return;
            }
            SMTPServer built = build();
            try {
                built.start();
            } catch (RuntimeException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                failure = "cannot listen on " + where() + ": " + cause;
                log.error("The SMTP listener cannot start: {}", failure, e);
                throw new IllegalStateException("The SMTP listener " + failure, e);
            }
            server = built;
            port = built.getPortAllocated();
            failure = null;
            running = true;
        }
        log.info(
                "SMTP listener on port {}, accepting mail of at most {} bytes for now (the live setting)",
                port,
                intake.rules().maxEmailBytes());
    }

    private SMTPServer build() {
        SMTPServer built = SMTPServer.port(settings.port())
                .bindAddress(bindAddress())
                .hostName(settings.greeting())
                .softwareName("Helpstream")
                .serverThreadName("smtp-listener")
                .messageHandlerFactory(context -> new SmtpTransaction(intake, context))
                // No fixed limit: SmtpTransaction enforces the live one at MAIL FROM and DATA.
                .maxMessageSize(Integer.MAX_VALUE)
                // The mail is stored as sent: the same mail delivered twice has the same bytes.
                .insertReceivedHeaders(false)
                .maxConnections(settings.maxConnections())
                .connectionTimeout((int) settings.connectionTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .maxRecipients(settings.maxRecipients())
                .build();
        built.getCommandHandler()
                .addCommand(new LiveSizeEhlo(() -> intake.rules().maxEmailBytes()));
        return built;
    }

    private String where() {
        return (settings.host().isBlank() ? "*" : settings.host()) + ":" + settings.port();
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

    @Override
    public void stop() {
        synchronized (lock) {
            if (!running) {
                return;
            }
            running = false;
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

    /**
     * @param listening whether it accepts connections
     * @param port the bound port, -1 when not listening
     * @param reason why it does not listen, null when it does
     */
    record Status(boolean listening, int port, String reason) {}
}
