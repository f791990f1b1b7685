package dev.helpstream.ingest.mail;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The email intake's settings, validated at startup. The mailboxes are here, not on the config
 * topic, because they hold credentials; what admins change at run time (support addresses, the
 * largest mail, the Message-ID domain, attachment rules) comes from {@code helpdesk.config.v1}.
 *
 * @param smtp the SMTP listener
 * @param mailboxes the IMAP and POP3 mailboxes polled
 * @param maxAttachments most files (attachments and inline images) kept from one mail; the others
 *     are named as refused
 */
@ConfigurationProperties("helpstream.ingest.mail")
@Validated
record MailProperties(
        @Valid @NotNull @DefaultValue Smtp smtp,
        @NotNull @DefaultValue List<@Valid Mailbox> mailboxes,
        @Min(0) @Max(500) @DefaultValue("20") int maxAttachments) {

    /**
     * @param enabled whether the listener runs (the all-in-one start turns it on)
     * @param host the address to bind; empty binds every interface
     * @param port the port; 0 takes any free one (tests read the bound port)
     * @param greeting the host name in the greeting and the EHLO answer
     * @param maxConnections most SMTP sessions at once
     * @param connectionTimeout how long a silent client keeps its session
     * @param maxRecipients most RCPT TO in one transaction
     */
    record Smtp(
            @DefaultValue("false") boolean enabled,
            @NotNull @DefaultValue("") String host,
            @Min(0) @Max(65535) @DefaultValue("2525") int port,
            @NotBlank @DefaultValue("helpstream") String greeting,
            @Min(1) @Max(10_000) @DefaultValue("100") int maxConnections,
            @NotNull @DefaultValue("60s") Duration connectionTimeout,
            @Min(1) @Max(1000) @DefaultValue("100") int maxRecipients) {}

    /** How a mailbox is read. */
    enum Protocol {
        IMAP,
        IMAPS,
        POP3,
        POP3S;

        /** The Jakarta Mail store name. */
        String storeName() {
            return name().toLowerCase(Locale.ROOT);
        }

        boolean isImap() {
            return this == IMAP || this == IMAPS;
        }
    }

    /** What happens on the server to a mail once Kafka has its inbound record. */
    enum AfterImport {
        /**
         * IMAP: mark it imported (the keyword {@code $HelpstreamImported} and \Seen; \Seen alone on a
         * server without keywords); the poll reads the mail not marked yet, so every mail of the
         * folder that Helpstream has not imported, also mail a person already opened.
         */
        SEEN,
        /** IMAP: move it to {@code moveTo}. */
        MOVE,
        /** IMAP and POP3: delete it. */
        DELETE
    }

    /**
     * One polled mailbox.
     *
     * @param name a short name for logs and threads; defaults to username@host
     * @param protocol imap, imaps, pop3 or pop3s (the "s" forms are TLS from the first byte)
     * @param host the server
     * @param port the port; 0 takes the protocol's default
     * @param username the login
     * @param password the password (never logged)
     * @param folder the IMAP folder read (POP3 has only INBOX)
     * @param afterImport SEEN, MOVE or DELETE; POP3 allows DELETE only; defaults to SEEN for IMAP
     *     and DELETE for POP3
     * @param moveTo the IMAP folder imported mail is moved to (created if missing), for MOVE
     * @param supportAddress the support address this mailbox receives for, the inbound record's
     *     {@code recipientAddress}
     * @param pollInterval the pause between the end of one poll and the start of the next
     * @param maxMessagesPerPoll most mails imported by one poll; the rest wait for the next (mail
     *     reported and left on the server, too large or not fetched, no longer counts)
     * @param startTls whether imap and pop3 must upgrade to TLS with STARTTLS before logging in
     * @param trustAllCertificates accept any server certificate (only for tests against a local
     *     server with a self-signed certificate)
     * @param timeout connect and read timeout of the mail server
     */
    record Mailbox(
            String name,
            @NotNull Protocol protocol,
            @NotBlank String host,
            @Min(0) @Max(65535) @DefaultValue("0") int port,
            @NotBlank String username,
            @NotNull String password,
            @NotBlank @DefaultValue("INBOX") String folder,
            AfterImport afterImport,
            String moveTo,
            @NotBlank @Email String supportAddress,
            @NotNull @DefaultValue("30s") Duration pollInterval,
            @Min(1) @Max(10_000) @DefaultValue("50") int maxMessagesPerPoll,
            @DefaultValue("false") boolean startTls,
            @DefaultValue("false") boolean trustAllCertificates,
            @NotNull @DefaultValue("30s") Duration timeout) {

        /** What is done to an imported mail, with the protocol's default. */
        AfterImport effectiveAfterImport() {
            if (afterImport != null) {
                return afterImport;
            }
            return protocol != null && protocol.isImap() ? AfterImport.SEEN : AfterImport.DELETE;
        }

        String displayName() {
            return name != null && !name.isBlank() ? name : username + "@" + host;
        }

        /** Where its mail comes from, for records and logs: protocol://user@host/folder. */
        String source() {
            return protocol.storeName() + "://" + username + "@" + host + "/" + (protocol.isImap() ? folder : "INBOX");
        }

        @AssertTrue(message = "POP3 mailboxes can only DELETE imported mail") boolean isAfterImportPossible() {
            return protocol == null || protocol.isImap() || effectiveAfterImport() == AfterImport.DELETE;
        }

        @AssertTrue(message = "MOVE needs the folder to move to (moveTo)")
        boolean isMoveTargetNamed() {
            return effectiveAfterImport() != AfterImport.MOVE || (moveTo != null && !moveTo.isBlank());
        }

        @AssertTrue(message = "must be at least 100ms") boolean isPollIntervalPositive() {
            return pollInterval == null || pollInterval.compareTo(Duration.ofMillis(100)) >= 0;
        }

        @Override
        public String toString() {
            // The password stays out of logs and failure messages.
            return "Mailbox[" + source() + ", afterImport=" + effectiveAfterImport() + "]";
        }
    }
}
