package dev.helpstream.ingest.mail;

/**
 * A received mail that could not be made durable (Kafka did not acknowledge it, or the blob store
 * failed): the sender must keep it and try again (SMTP 451), the mailbox keeps it on the server.
 */
final class MailNotStoredException extends RuntimeException {

    MailNotStoredException(String message, Throwable cause) {
        super(message, cause);
    }
}
