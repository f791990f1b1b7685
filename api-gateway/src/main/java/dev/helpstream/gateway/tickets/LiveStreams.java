package dev.helpstream.gateway.tickets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * How a live stream ends when its client cannot keep up with the changes.
 *
 * <p>Input: a stream's changes, built on {@code TicketViews.changes()}, which holds at most
 * {@code helpstream.views.change-buffer} changes for a subscriber and then fails it with an
 * overflow. Output: the same changes; on an overflow, one last {@value #RESET} event saying why,
 * after which the whole stream ends ({@link #isReset}). Why: a client that fell that far behind has
 * lost changes, so it must reload what it shows and open the stream again (an {@code EventSource}
 * reconnects by itself); ending cleanly with the reason tells it so, where the overflow error would
 * break the response half-way and log a server error for what is a slow client. Any other error
 * passes through.
 */
final class LiveStreams {

    private static final Logger log = LoggerFactory.getLogger(LiveStreams.class);

    /** The last event of a stream whose client fell behind. */
    static final String RESET = "reset";

    static final String RESET_REASON =
            "this stream fell too far behind the changes and ends here: reload what you show and open it again";

    private LiveStreams() {}

    /** {@code changes}, ending with a {@value #RESET} event instead of an overflow error. */
    static Flux<ServerSentEvent<JsonNode>> resetWhenBehind(Flux<ServerSentEvent<JsonNode>> changes, String stream) {
        return changes.onErrorResume(Exceptions::isOverflow, overflow -> {
            log.warn("A client of {} fell too far behind the ticket changes; its stream ends with '{}'", stream, RESET);
            return Mono.just(reset());
        });
    }

    /** Whether this event ends its stream because the client fell behind. */
    static boolean isReset(ServerSentEvent<?> event) {
        return RESET.equals(event.event());
    }

    private static ServerSentEvent<JsonNode> reset() {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("reason", RESET_REASON);
        return ServerSentEvent.<JsonNode>builder(data).event(RESET).build();
    }
}
