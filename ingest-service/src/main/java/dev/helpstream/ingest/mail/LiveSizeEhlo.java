package dev.helpstream.ingest.mail;

import java.io.IOException;
import java.util.function.LongSupplier;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/**
 * The listener's EHLO answer, with the {@code SIZE} of the live settings rather than the one the
 * server was built with, so that an admin's new limit is advertised from the next EHLO on, with no
 * restart of the listener and no session cut.
 *
 * <p>It answers what SubEthaSMTP's own EHLO answers for this listener (8BITMIME, SIZE, CHUNKING,
 * SMTPUTF8): the listener offers neither STARTTLS nor AUTH, since it takes mail from the MTAs in
 * front of it. It replaces the library's command by name ({@link SmtpListener}); SubEthaSMTP has no
 * public hook for the extensions advertised, hence the use of its internal command type, checked by
 * the listener's tests on every upgrade.
 */
final class LiveSizeEhlo extends BaseCommand {

    private final LongSupplier maxEmailBytes;

    LiveSizeEhlo(LongSupplier maxEmailBytes) {
        super("EHLO", "Introduce yourself.", "<hostname>");
        this.maxEmailBytes = maxEmailBytes;
    }

    @Override
    public void execute(String commandString, Session session) throws IOException {
        String[] args = getArgs(commandString);
        if (args.length < 2) {
            session.sendResponse("501 Syntax: EHLO hostname");
            return;
        }
        // RFC 5321: EHLO in a session resets its transaction.
        session.resetMailTransaction();
        session.setHelo(args[1]);
        session.sendResponse("250-" + session.getServer().getHostName() + "\r\n"
                + "250-8BITMIME\r\n"
                + "250-SIZE " + maxEmailBytes.getAsLong() + "\r\n"
                + "250-CHUNKING\r\n"
                + "250-SMTPUTF8\r\n"
                + "250 Ok");
    }
}
