package dev.helpstream.gateway.command;

import dev.helpstream.gateway.json.FieldError;
import dev.helpstream.gateway.security.Caller;
import dev.helpstream.gateway.view.TicketViews;
import dev.helpstream.gateway.web.ApiProblem;
import dev.helpstream.schema.CommandOutcome;
import dev.helpstream.schema.CommandResult;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketCommand;
import dev.helpstream.schema.ids.TicketIds;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Issues a command for a caller and answers with the ticket as the views show it after the
 * command: the command result says whether routing-stream applied it, then the gateway waits until
 * its own views hold the new version, so a view read right after the answer includes the change.
 *
 * <p>A rejection becomes a problem response: 404 for a ticket the caller may not see or that does
 * not exist, 409 for conflicts with the ticket's state, 422 for invalid values (with the field),
 * 403 for what the caller may not do. A missing result within the timeout is a 504 that names the
 * correlation id; repeating the request with the same {@code Idempotency-Key} is then safe.
 */
@Component
public class TicketCommands {

    private final CommandBus bus;
    private final TicketViews views;
    private final Clock clock;

    TicketCommands(CommandBus bus, TicketViews views, Clock clock) {
        this.bus = bus;
        this.views = views;
        this.clock = clock;
    }

    /**
     * Applies {@code payload} to the ticket {@code ticketId} (or creates it, for {@code
     * CreateTicket}) on behalf of {@code caller}.
     *
     * @param expectedVersion the version the caller saw, for optimistic concurrency; null for none
     * @param idempotencyKey the client's key for this action; the same key yields the same command
     *     id, which routing-stream applies once; null for a fresh command
     */
    public Mono<Ticket> execute(
            Caller caller, String ticketId, SpecificRecord payload, Long expectedVersion, String idempotencyKey) {
        return send(caller, ticketId, payload, expectedVersion, idempotencyKey)
                .flatMap(result -> views.awaitVersion(result.getTicketId(), result.getNewVersion(), bus.timeout())
                        .onErrorMap(TimeoutException.class, e -> pending(result.getCorrelationId())));
    }

    /** Like {@link #execute} but answers with the command result, without waiting for the views. */
    public Mono<CommandResult> send(
            Caller caller, String ticketId, SpecificRecord payload, Long expectedVersion, String idempotencyKey) {
        String commandId = idempotencyKey == null
                ? UUID.randomUUID().toString()
                : UUID.nameUUIDFromBytes(("helpstream:gateway:" + caller.kind() + ":" + caller.id() + ":" + ticketId
                                        + ":" + idempotencyKey)
                                .getBytes(StandardCharsets.UTF_8))
                        .toString();
        TicketCommand command = TicketCommand.newBuilder()
                .setCommandId(commandId)
                .setCorrelationId(UUID.randomUUID().toString())
                .setTicketId(ticketId)
                .setIssuedAt(clock.instant())
                .setActor(caller.toActor())
                .setExpectedVersion(expectedVersion)
                .setPayload(payload)
                .build();
        return bus.send(command)
                .onErrorMap(TimeoutException.class, e -> pending(command.getCorrelationId()))
                .flatMap(result -> result.getOutcome() == CommandOutcome.ACCEPTED
                        ? Mono.just(result)
                        : Mono.error(rejected(result)));
    }

    /** The id a new ticket gets: derived from the idempotency key when there is one. */
    public static String newTicketId(Caller caller, String idempotencyKey) {
        return idempotencyKey == null
                ? UUID.randomUUID().toString()
                : TicketIds.forInboundMessage("gateway:" + caller.kind() + ":" + caller.id() + ":" + idempotencyKey);
    }

    static ApiProblem rejected(CommandResult result) {
        String detail = result.getMessage() == null ? "rejected" : result.getMessage();
        List<FieldError> errors =
                result.getField() == null ? List.of() : List.of(new FieldError(result.getField(), detail));
        return switch (result.getRejectionCode()) {
            case NOT_FOUND -> new ApiProblem(HttpStatus.NOT_FOUND, "Ticket not found", detail, errors);
            case FORBIDDEN, NOT_IN_DEPARTMENT -> new ApiProblem(HttpStatus.FORBIDDEN, "Not allowed", detail, errors);
            case INVALID -> new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "Invalid command", detail, errors);
            case VERSION_CONFLICT -> new ApiProblem(HttpStatus.CONFLICT, "Ticket changed meanwhile", detail, errors);
            case CLOSED -> new ApiProblem(HttpStatus.CONFLICT, "Ticket closed", detail, errors);
            case REOPEN_WINDOW_EXPIRED -> new ApiProblem(HttpStatus.CONFLICT, "Reopen window expired", detail, errors);
            case ALREADY_MERGED -> new ApiProblem(HttpStatus.CONFLICT, "Ticket merged", detail, errors);
            case DELETED -> new ApiProblem(HttpStatus.GONE, "Ticket deleted", detail, errors);
            case SPAM -> new ApiProblem(HttpStatus.CONFLICT, "Ticket marked as spam", detail, errors);
            default -> new ApiProblem(HttpStatus.CONFLICT, "Command rejected", detail, errors);
        };
    }

    private static ApiProblem pending(String correlationId) {
        return new ApiProblem(
                HttpStatus.GATEWAY_TIMEOUT,
                "Command still in progress",
                "routing-stream has not answered command " + correlationId
                        + " in time; repeat the request with the same Idempotency-Key to get its outcome",
                List.of());
    }
}
