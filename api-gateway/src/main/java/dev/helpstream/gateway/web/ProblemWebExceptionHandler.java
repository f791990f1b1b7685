package dev.helpstream.gateway.web;

import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Problem responses for errors no controller advice sees: a path no handler serves (404), a method
 * or media type no handler takes (405, 415), a failure in a filter or while choosing the handler.
 * Input: the exception that left the web handler chain; output: an {@code application/problem+json}
 * answer like {@link ProblemHandling}'s ({@code type}, {@code title}, {@code status}, {@code
 * detail}, {@code instance}), with the exception's own status and headers where it has them, 500
 * otherwise (logged, never shown).
 *
 * <p>Ahead of Spring Boot's JSON error handler (order -1); leaves an already committed response
 * (a broken stream) and Spring Security's exceptions to the handlers after it.
 */
@Component
@Order(-2)
public class ProblemWebExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemWebExceptionHandler.class);

    private final ServerResponse.Context context;

    public ProblemWebExceptionHandler(ServerCodecConfigurer codecs) {
        List<HttpMessageWriter<?>> writers = codecs.getWriters();
        this.context = new ServerResponse.Context() {
            @Override
            public List<HttpMessageWriter<?>> messageWriters() {
                return writers;
            }

            @Override
            public List<ViewResolver> viewResolvers() {
                return List.of();
            }
        };
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()
                || error instanceof AccessDeniedException
                || error instanceof AuthenticationException) {
            return Mono.error(error);
        }
        String path = exchange.getRequest().getPath().value();
        ProblemDetail problem;
        HttpStatusCode status;
        ServerResponse.BodyBuilder response;
        if (error instanceof ErrorResponse known) {
            status = known.getStatusCode();
            problem = copy(known.getBody());
            response = ServerResponse.status(status).headers(headers -> headers.addAll(known.getHeaders()));
            log.debug("{} {} answered {}: {}", exchange.getRequest().getMethod(), path, status, error.toString());
        } else {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
            problem = ProblemDetail.forStatusAndDetail(
                    status, "The gateway failed to answer this request; the error is logged.");
            response = ServerResponse.status(status);
            log.error("{} {} failed", exchange.getRequest().getMethod(), path, error);
        }
        if (problem.getType() == null) {
            problem.setType(URI.create("about:blank"));
        }
        if (problem.getInstance() == null) {
            problem.setInstance(URI.create(path));
        }
        return response.contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(problem)
                .flatMap(answer -> answer.writeTo(exchange, context));
    }

    /** The exception's body is its own; the answer gets a copy to complete. */
    private static ProblemDetail copy(ProblemDetail body) {
        ProblemDetail copy = ProblemDetail.forStatus(body.getStatus());
        copy.setType(body.getType());
        copy.setTitle(body.getTitle());
        copy.setDetail(body.getDetail());
        copy.setInstance(body.getInstance());
        if (body.getProperties() != null) {
            body.getProperties().forEach(copy::setProperty);
        }
        return copy;
    }
}
