package dev.helpstream.gateway.view;

import dev.helpstream.gateway.sla.SlaSummary;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The gateway's read model of the tickets: the latest snapshot of each ticket, its conversation,
 * the staff and customer views and full-text search, and its SLA summary, materialized from
 * {@code tickets.state.v1}, {@code tickets.events.v1} and {@code tickets.sla.v1}. Every gateway
 * instance holds a full replica, so any instance answers any query. SLA data is eventually
 * consistent with the ticket: the SLA topic is written by sla-stream after the ticket event that
 * caused it, and nothing waits for it.
 *
 * <p>The synchronous methods read a local index: fast, but not free, so reactive callers run them
 * off the event loop ({@code Mono.fromCallable(...).subscribeOn(Schedulers.boundedElastic())}).
 * None of them applies permissions by itself: callers put the caller's restrictions into the
 * {@link ViewQuery} ({@link ViewQuery#allowedDepartmentIds()}, {@link ViewQuery#customerEmail()})
 * and filter notes out of {@link #conversation(String)} for customers.
 */
public interface TicketViews {

    /** The latest snapshot of a ticket, including deleted, merged and spam tickets. */
    Optional<Ticket> ticket(String ticketId);

    /** The latest snapshot of the ticket with this number, including deleted, merged and spam ones. */
    Optional<Ticket> ticketByNumber(long number);

    /**
     * Every event of a ticket in ascending version order, notes included (the caller filters them
     * for customers); empty for an unknown ticket.
     */
    List<TicketEvent> conversation(String ticketId);

    /** The ticket's SLA summary; empty when no SLA policy applies (or none is known yet). */
    Optional<SlaSummary> sla(String ticketId);

    /**
     * One page of a view, sorted as asked with the ticket number as the tie-breaker.
     *
     * @throws IllegalArgumentException for a malformed cursor, or one made for another sort
     */
    TicketPage query(ViewQuery query);

    /**
     * One page of full-text search results within the scope's filters, by relevance then number
     * (newest first).
     *
     * @throws IllegalArgumentException when the text has nothing to search for, or for a malformed
     *     cursor
     */
    TicketPage search(SearchQuery query);

    /**
     * Completes with the snapshot once the views hold at least this version of the ticket, both
     * its snapshot and its events (read-your-writes after a command); errors with a {@link
     * java.util.concurrent.TimeoutException} after {@code timeout}. Never completes on the
     * caller's thread nor on the views' reader thread.
     */
    Mono<Ticket> awaitVersion(String ticketId, long version, Duration timeout);

    /**
     * Every change applied from now on, each published after it is visible to {@link #query} and
     * {@link #search}. Hot and multicast: a late subscriber gets no history. It never completes
     * while the views run (it completes when they stop); a subscriber that falls more than the
     * configured buffer ({@code helpstream.views.change-buffer}) behind gets an overflow error and
     * should resubscribe. Delivered on a worker thread, never the views' reader thread.
     */
    Flux<TicketChange> changes();

    /** Whether the topics have been read to the end offsets found at start. */
    boolean caughtUp();
}
