package dev.helpstream.ingest.mail;

import dev.helpstream.schema.InboundMessage;

/** What {@link MimeParser} made of one stored mail. */
sealed interface ParsedMail {

    /** The message id the mail is known by (its Message-ID, or the one derived from its bytes). */
    String messageId();

    /** A mail with a readable sender: written to {@code tickets.inbound.v1}. */
    record Readable(InboundMessage message) implements ParsedMail {
        @Override
        public String messageId() {
            return message.getMessageId();
        }
    }

    /**
     * A mail without a readable sender: written to the ingest dead-letter topic, its raw bytes
     * kept.
     *
     * @param reason why it could not become an inbound message
     */
    record Unreadable(String messageId, String reason) implements ParsedMail {}
}
