package dev.helpstream.ingest;

import dev.helpstream.support.content.FieldProblem;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A request the service refuses, with everything its RFC 9457 problem response says. Thrown (or
 * signalled) anywhere on the request path before the inbound message is sent, so a refused request
 * never writes to Kafka.
 */
final class RequestRefusedException extends RuntimeException {

    private final HttpStatus status;
    private final URI type;
    private final String title;
    private final List<FieldProblem> errors;
    private final HttpHeaders headers;

    private RequestRefusedException(
            HttpStatus status,
            String slug,
            String title,
            String detail,
            List<FieldProblem> errors,
            HttpHeaders headers) {
        super(detail);
        this.status = status;
        this.type = URI.create("urn:helpstream:problem:" + slug);
        this.title = title;
        this.errors = List.copyOf(errors);
        this.headers = headers;
    }

    /** 422: fields that break the rules. */
    static RequestRefusedException invalid(List<FieldProblem> errors) {
        return new RequestRefusedException(
                HttpStatus.UNPROCESSABLE_CONTENT,
                "invalid-request",
                "The request has invalid fields",
                errors.size() == 1
                        ? errors.get(0).field() + " " + errors.get(0).reason()
                        : errors.size() + " fields are invalid",
                errors,
                HttpHeaders.EMPTY);
    }

    /** 422: one field that breaks the rules. */
    static RequestRefusedException invalid(String field, String reason) {
        return invalid(List.of(new FieldProblem(field, reason)));
    }

    /** 400: a request that cannot be read. */
    static RequestRefusedException malformed(String field, String reason) {
        return new RequestRefusedException(
                HttpStatus.BAD_REQUEST,
                "malformed-request",
                "The request cannot be read",
                field == null ? reason : field + " " + reason,
                field == null ? List.of() : List.of(new FieldProblem(field, reason)),
                HttpHeaders.EMPTY);
    }

    /** 413: a file over the size limit. */
    static RequestRefusedException tooLarge(String field, String reason) {
        return new RequestRefusedException(
                HttpStatus.CONTENT_TOO_LARGE,
                "attachment-too-large",
                "An attachment is too large",
                field + " " + reason,
                List.of(new FieldProblem(field, reason)),
                HttpHeaders.EMPTY);
    }

    /** 413: a form field or JSON body over the in-memory limit of the codecs. */
    static RequestRefusedException fieldTooLarge() {
        return new RequestRefusedException(
                HttpStatus.CONTENT_TOO_LARGE,
                "request-too-large",
                "The request is too large",
                "A form field or the JSON body is larger than the service accepts.",
                List.of(),
                HttpHeaders.EMPTY);
    }

    /** 401: no usable API key. */
    static RequestRefusedException unauthorized(String detail) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"helpstream\"");
        return new RequestRefusedException(
                HttpStatus.UNAUTHORIZED,
                "unauthorized",
                "The API key is not accepted",
                detail,
                List.of(new FieldProblem("Authorization", detail)),
                headers);
    }

    /** 403: a valid key that may not do this. */
    static RequestRefusedException forbidden(String detail) {
        return new RequestRefusedException(
                HttpStatus.FORBIDDEN,
                "forbidden",
                "The API key may not open tickets",
                detail,
                List.of(new FieldProblem("Authorization", detail)),
                HttpHeaders.EMPTY);
    }

    /** 503: Kafka did not take the message. */
    static RequestRefusedException unavailable(String detail, Throwable cause) {
        RequestRefusedException exception = new RequestRefusedException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "unavailable",
                "The ticket could not be stored, try again",
                detail,
                List.of(),
                HttpHeaders.EMPTY);
        exception.initCause(cause);
        return exception;
    }

    HttpStatus status() {
        return status;
    }

    URI type() {
        return type;
    }

    String title() {
        return title;
    }

    List<FieldProblem> errors() {
        return errors;
    }

    HttpHeaders headers() {
        return headers;
    }
}
