package dev.helpstream.gateway.tickets;

import dev.helpstream.gateway.web.ApiProblem;
import dev.helpstream.gateway.web.ProblemHandling;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The refusals of the live streams as {@code application/problem+json}, like every other error of
 * the gateway. Input: an {@link ApiProblem} a stream endpoint raises before it starts (403 for a
 * key without {@code tickets:read}, 404 for a ticket the caller may not see). Output: the answer
 * {@link ProblemHandling} builds for it, with its content type fixed.
 *
 * <p>Why: a stream's client asks for {@code text/event-stream}, and content negotiation would
 * otherwise write the problem as a server-sent event, which no client reads as a problem.
 */
@RestControllerAdvice(assignableTypes = {StaffStreamController.class, PortalController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class StreamProblems {

    private final ProblemHandling problems;

    StreamProblems(ProblemHandling problems) {
        this.problems = problems;
    }

    @ExceptionHandler(ApiProblem.class)
    Mono<ResponseEntity<Object>> problem(ApiProblem problem, ServerWebExchange exchange) {
        return problems.handleException(problem, exchange)
                .map(answer -> ResponseEntity.status(answer.getStatusCode())
                        .headers(headers -> {
                            headers.addAll(answer.getHeaders());
                            headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
                        })
                        .body(answer.getBody()));
    }
}
