package dev.helpstream.ingest.mail;

import java.time.Instant;
import java.util.List;

/**
 * How one mail reached the helpdesk, besides its content.
 *
 * @param source where it came from, for logs and dead letters: {@code smtp} or the mailbox, e.g.
 *     {@code imaps://support@mail.example.com/INBOX}
 * @param sender the SMTP reverse path, {@code ""} for the null path {@code <>}; null when the mail
 *     was fetched from a mailbox
 * @param recipients the support addresses it was delivered to, lower-case, in RCPT order (one for
 *     a mailbox: the address it receives for)
 * @param clientIp the SMTP client's address, or null
 * @param receivedAt when this service received it
 */
record Envelope(String source, String sender, List<String> recipients, String clientIp, Instant receivedAt) {

    Envelope {
        recipients = List.copyOf(recipients);
    }
}
