package dev.helpstream.gateway.tickets;

import dev.helpstream.gateway.json.FieldError;
import dev.helpstream.gateway.view.TicketViews;
import dev.helpstream.gateway.web.ApiProblem;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;

/**
 * Read-your-writes across gateway instances: a command's answer carries the ticket's new version
 * (its ETag); a read that names it as {@code minVersion} waits until this instance's views hold at
 * least that version, whichever instance took the command.
 */
final class ConsistentReads {

    static final Duration WAIT = Duration.ofSeconds(10);

    private ConsistentReads() {}

    /** Completes once the views hold the version (at once without one); 504 after {@link #WAIT}. */
    static Mono<Void> atLeast(TicketViews views, String ticketId, Long minVersion) {
        if (minVersion == null) {
            return Mono.empty();
        }
        if (minVersion < 1) {
            return Mono.error(ApiProblem.badRequest(
                    "minVersion must be a ticket version",
                    List.of(new FieldError("minVersion", "must be at least 1"))));
        }
        return views.awaitVersion(ticketId, minVersion, WAIT)
                .then()
                .onErrorMap(
                        TimeoutException.class,
                        timeout -> new ApiProblem(
                                HttpStatus.GATEWAY_TIMEOUT,
                                "Not there yet",
                                "this instance does not hold version " + minVersion + " of ticket " + ticketId
                                        + " yet; try again",
                                List.of()));
    }
}
