package dev.helpstream.schema.ids;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Ticket ids that every module derives the same way, so that replays and retries land on the
 * same ticket.
 *
 * <p>A ticket opened by an inbound message takes a name-based UUID of the message's channel id:
 * the same message delivered twice (an email re-fetched, an API call retried with its
 * Idempotency-Key) always names the same ticket, and the ingest service can tell the caller the
 * ticket id before routing-stream has processed the message.
 */
public final class TicketIds {

    private static final String INBOUND_NAMESPACE = "helpstream:inbound:";

    private TicketIds() {}

    /** The id of the ticket that the inbound message {@code messageId} opens, if it opens one. */
    public static String forInboundMessage(String messageId) {
        if (messageId == null || messageId.isBlank()) {
            throw new IllegalArgumentException("an inbound message id is required");
        }
        return UUID.nameUUIDFromBytes((INBOUND_NAMESPACE + messageId).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
