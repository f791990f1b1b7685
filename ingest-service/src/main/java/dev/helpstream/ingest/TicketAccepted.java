package dev.helpstream.ingest;

/**
 * The answer to an accepted submission (HTTP 202).
 *
 * @param ticketId the ticket the message opens (it exists once routing-stream has processed it)
 * @param messageId the inbound message's id, the dedup key
 */
record TicketAccepted(String ticketId, String messageId) {}
