package dev.helpstream.gateway.tickets;

import dev.helpstream.gateway.ConfigView;
import dev.helpstream.gateway.security.Caller;
import dev.helpstream.gateway.security.CallerAuthentication;
import dev.helpstream.gateway.security.CallerDirectory;
import dev.helpstream.gateway.security.TicketAccess;
import dev.helpstream.schema.Ticket;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * What a long-lived request (a live stream) may still see. A stream outlives the check made when it
 * opened: each change it carries is checked against the caller as the configuration sees it now
 * (an agent moved out of a department stops seeing its tickets at once), and the stream ends when
 * the caller's token expires or the caller loses its standing (agent deactivated, key revoked).
 */
@Component
class LiveAccess {

    private final CallerDirectory directory;
    private final Clock clock;
    private final Sinks.Many<Boolean> configChanges = Sinks.many().multicast().directBestEffort();

    LiveAccess(CallerDirectory directory, ConfigView config, Clock clock) {
        this.directory = directory;
        this.clock = clock;
        // Called on the config reader's one thread, so emissions never overlap.
        config.addListener(snapshot -> configChanges.tryEmitNext(Boolean.TRUE));
    }

    /** The caller as the configuration sees it now; empty once it lost its standing. */
    Optional<Caller> current(Caller caller) {
        return directory.current(caller);
    }

    /** Whether the caller, as it stands now, may read the ticket. */
    boolean canRead(Caller caller, Ticket ticket) {
        return current(caller).map(now -> TicketAccess.canRead(now, ticket)).orElse(false);
    }

    /** Completes when the stream must end: its token expired, or the caller lost its standing. */
    Mono<Void> end(Caller caller, Principal principal) {
        Optional<Instant> expiresAt = principal instanceof CallerAuthentication authentication
                ? authentication.expiresAt()
                : Optional.empty();
        Mono<Void> expiry = expiresAt
                .map(at -> Mono.delay(
                                Duration.between(clock.instant(), at).isNegative()
                                        ? Duration.ZERO
                                        : Duration.between(clock.instant(), at))
                        .then())
                .orElse(Mono.never());
        Mono<Void> revoked = configChanges
                .asFlux()
                .filter(change -> current(caller).isEmpty())
                .next()
                .then();
        return Mono.firstWithSignal(expiry, revoked);
    }
}
