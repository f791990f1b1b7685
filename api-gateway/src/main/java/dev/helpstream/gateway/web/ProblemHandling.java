package dev.helpstream.gateway.web;

import dev.helpstream.gateway.json.AvroJsonException;
import dev.helpstream.gateway.json.FieldError;
import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.Errors;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

/**
 * Turns every error a controller of the gateway raises into an RFC 9457 {@code
 * application/problem+json} answer: {@code type}, {@code title}, {@code status}, {@code detail},
 * {@code instance} (the request path) and, for field-level problems, {@code errors}: {@code
 * [{"field": "departmentIds[0]", "message": "…"}]}.
 *
 * <p>The statuses: 400 when the request cannot be read (malformed JSON, a JSON value of the wrong
 * type for a bound class, a missing or ill-typed parameter); 422 when it was read but its values
 * are invalid ({@link AvroJsonException}, bean validation, {@link ApiProblem#unprocessable}); an
 * {@link ApiProblem}'s or {@code ResponseStatusException}'s own status; 503 when Kafka did not
 * confirm in time; 500 for anything unexpected, logged with its stack trace but answered without
 * it. Spring Security's exceptions are passed on untouched, so its entry point and access-denied
 * handler answer them (401 with the challenge, 403).
 *
 * <p>Last in order: a more specific advice of another package, if any, goes first.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ProblemHandling extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandling.class);
    /** RFC 9457's type of a problem that is no more than its HTTP status. */
    private static final URI ABOUT_BLANK = URI.create("about:blank");

    private static final Comparator<FieldError> BY_FIELD =
            Comparator.comparing(FieldError::field).thenComparing(FieldError::message);

    @ExceptionHandler(AvroJsonException.class)
    Mono<ResponseEntity<Object>> handleAvroJson(AvroJsonException ex, ServerWebExchange exchange) {
        return fieldProblem(
                ex, HttpStatus.UNPROCESSABLE_CONTENT, "The request has invalid fields.", ex.errors(), exchange);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    Mono<ResponseEntity<Object>> handleConstraintViolation(
            ConstraintViolationException ex, ServerWebExchange exchange) {
        List<FieldError> errors = ex.getConstraintViolations().stream()
                .map(violation -> new FieldError(violation.getPropertyPath().toString(), violation.getMessage()))
                .sorted(BY_FIELD)
                .toList();
        return fieldProblem(ex, HttpStatus.UNPROCESSABLE_CONTENT, "The request has invalid fields.", errors, exchange);
    }

    /** Kafka did not acknowledge (or the view did not apply) a write in time: it may still happen. */
    @ExceptionHandler({TimeoutException.class, org.apache.kafka.common.errors.TimeoutException.class})
    Mono<ResponseEntity<Object>> handleTimeout(Exception ex, ServerWebExchange exchange) {
        log.warn("{} {} timed out: {}", exchange.getRequest().getMethod(), path(exchange), ex.toString());
        ProblemDetail body = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE,
                "The event log did not confirm the change in time; it may still take effect. Check, then retry.");
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "5");
        return handleExceptionInternal(ex, body, headers, HttpStatus.SERVICE_UNAVAILABLE, exchange);
    }

    /** Spring Security answers these itself (challenge, 403) from its filter chain. */
    @ExceptionHandler({AccessDeniedException.class, AuthenticationException.class})
    Mono<ResponseEntity<Object>> passSecurityOn(Exception ex) {
        return Mono.error(ex);
    }

    @ExceptionHandler(Exception.class)
    Mono<ResponseEntity<Object>> handleUnexpected(Exception ex, ServerWebExchange exchange) {
        log.error("{} {} failed", exchange.getRequest().getMethod(), path(exchange), ex);
        ProblemDetail body = ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR, "The gateway failed to answer this request; the error is logged.");
        return handleExceptionInternal(ex, body, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, exchange);
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(
            WebExchangeBindException ex, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        return fieldProblem(
                ex, HttpStatus.UNPROCESSABLE_CONTENT, "The request has invalid fields.", errors(ex), exchange);
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            ServerWebExchange exchange) {
        List<FieldError> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            if (result instanceof ParameterErrors bound) {
                errors.addAll(errors(bound));
            } else {
                String name = result.getMethodParameter().getParameterName();
                result.getResolvableErrors()
                        .forEach(error -> errors.add(
                                new FieldError(name == null ? "" : name, String.valueOf(error.getDefaultMessage()))));
            }
        });
        return fieldProblem(
                ex, HttpStatus.UNPROCESSABLE_CONTENT, "The request has invalid parameters.", errors, exchange);
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleServerWebInputException(
            ServerWebInputException ex, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        DatabindException binding = cause(ex, DatabindException.class);
        if (binding != null && !binding.getPath().isEmpty()) {
            FieldError error = new FieldError(path(binding.getPath()), "has a value of the wrong type");
            return fieldProblem(
                    ex, HttpStatus.BAD_REQUEST, "The request body does not fit its schema.", List.of(error), exchange);
        }
        JacksonException json = cause(ex, JacksonException.class);
        String detail;
        if (json != null) {
            detail = json.getLocation() == null || json.getLocation().getLineNr() < 0
                    ? "The request body is not valid JSON."
                    : "The request body is not valid JSON (line "
                            + json.getLocation().getLineNr() + ", column "
                            + json.getLocation().getColumnNr() + ").";
        } else {
            detail = ex.getReason() == null ? "The request cannot be read." : ex.getReason() + ".";
        }
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, exchange);
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        if (!status.is5xxServerError()) {
            log.debug(
                    "{} {} answered {}: {}", exchange.getRequest().getMethod(), path(exchange), status, ex.toString());
        }
        return super.handleExceptionInternal(ex, body, headers, status, exchange);
    }

    /** Every problem names its type (explicitly, if only "about:blank") and the request it is about. */
    @Override
    protected Mono<ResponseEntity<Object>> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        if (body instanceof ProblemDetail problem) {
            if (problem.getType() == null) {
                problem.setType(ABOUT_BLANK);
            }
            if (problem.getInstance() == null) {
                problem.setInstance(URI.create(path(exchange)));
            }
        }
        return super.createResponseEntity(body, headers, status, exchange);
    }

    private Mono<ResponseEntity<Object>> fieldProblem(
            Exception ex, HttpStatus status, String detail, List<FieldError> errors, ServerWebExchange exchange) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setProperty(ApiProblem.ERRORS, errors);
        return handleExceptionInternal(ex, body, new HttpHeaders(), status, exchange);
    }

    private static List<FieldError> errors(Errors result) {
        List<FieldError> errors = new ArrayList<>();
        result.getGlobalErrors()
                .forEach(error -> errors.add(new FieldError("", String.valueOf(error.getDefaultMessage()))));
        // Bean validation reports in no fixed order; sorted, the same request gets the same answer.
        result.getFieldErrors().stream()
                .map(error -> new FieldError(error.getField(), String.valueOf(error.getDefaultMessage())))
                .sorted(BY_FIELD)
                .forEach(errors::add);
        return errors;
    }

    private static String path(List<JacksonException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String path(ServerWebExchange exchange) {
        return exchange.getRequest().getPath().value();
    }

    private static <T extends Throwable> T cause(Throwable error, Class<T> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }
}
