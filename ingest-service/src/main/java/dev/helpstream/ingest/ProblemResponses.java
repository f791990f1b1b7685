package dev.helpstream.ingest;

import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/**
 * Writes every refusal as {@code application/problem+json} (RFC 9457): {@code type}, {@code
 * title}, {@code status}, {@code detail}, {@code instance}, and an {@code errors} array of {@code
 * {field, reason}} naming each offending field. Framework errors (unsupported media type, unknown
 * path) get problem responses from Spring's own handler ({@code
 * spring.webflux.problemdetails.enabled}).
 */
@RestControllerAdvice
class ProblemResponses {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    @ExceptionHandler
    ResponseEntity<ProblemDetail> refused(RequestRefusedException refused, ServerHttpRequest request) {
        if (refused.status().is5xxServerError()) {
            log.warn(
                    "{} {} answered {}: {}",
                    request.getMethod(),
                    request.getPath(),
                    refused.status().value(),
                    refused.getMessage(),
                    refused.getCause());
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(refused.status(), refused.getMessage());
        problem.setType(refused.type());
        problem.setTitle(refused.title());
        problem.setInstance(URI.create(request.getPath().value()));
        problem.setProperty("errors", refused.errors());
        return ResponseEntity.status(refused.status())
                .headers(refused.headers())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unreadable(ServerWebInputException unreadable, ServerHttpRequest request) {
        if (causedBy(unreadable, DataBufferLimitException.class)) {
            return refused(RequestRefusedException.fieldTooLarge(), request);
        }
        String reason = unreadable.getCause() instanceof DecodingException decoding
                ? decoding.getMostSpecificCause().getMessage()
                : unreadable.getReason();
        return refused(RequestRefusedException.malformed(null, "The body cannot be read: " + reason), request);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> bufferLimit(DataBufferLimitException limit, ServerHttpRequest request) {
        return refused(RequestRefusedException.fieldTooLarge(), request);
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
