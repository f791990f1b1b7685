package dev.helpstream.gateway.web;

import dev.helpstream.gateway.json.FieldError;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request the gateway refuses, with the reason: thrown (or returned as {@code Mono.error}) by a
 * controller or service and answered by {@link ProblemHandling} as an RFC 9457 {@code
 * application/problem+json} response with {@code type}, {@code title}, {@code status}, {@code
 * detail}, {@code instance} and, when fields are at fault, {@code errors} ({@code [{field,
 * message}]}).
 *
 * <p>{@code detail} is shown to the caller: say what is wrong with their request, never internals.
 */
public class ApiProblem extends ErrorResponseException {

    /** The problem property listing the field-level errors. */
    public static final String ERRORS = "errors";

    private final transient List<FieldError> errors;

    /**
     * @param status the HTTP status
     * @param title a short summary of the kind of problem; null for the status' reason phrase
     * @param detail what is wrong with this request, for the caller
     * @param errors the fields at fault, if any
     */
    public ApiProblem(HttpStatus status, String title, String detail, List<FieldError> errors) {
        super(status, body(status, title, detail, errors), null);
        this.errors = List.copyOf(errors);
    }

    /** 404: what was asked for does not exist (or the caller may not know it exists). */
    public static ApiProblem notFound(String detail) {
        return new ApiProblem(HttpStatus.NOT_FOUND, null, detail, List.of());
    }

    /** 409: the request conflicts with the current state (it exists already, it is in use…). */
    public static ApiProblem conflict(String detail) {
        return conflict(detail, List.of());
    }

    /** 409 naming what it conflicts with, e.g. the entities still referring to one. */
    public static ApiProblem conflict(String detail, List<FieldError> errors) {
        return new ApiProblem(HttpStatus.CONFLICT, null, detail, errors);
    }

    /** 412: an {@code If-Match} precondition does not hold. */
    public static ApiProblem preconditionFailed(String detail) {
        return new ApiProblem(HttpStatus.PRECONDITION_FAILED, null, detail, List.of());
    }

    /** 422: the request is well-formed but its values are invalid; {@code errors} says which. */
    public static ApiProblem unprocessable(String detail, List<FieldError> errors) {
        return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, null, detail, errors);
    }

    /** 400: the request cannot be read (syntax, a missing or ill-typed parameter). */
    public static ApiProblem badRequest(String detail, List<FieldError> errors) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, null, detail, errors);
    }

    /** 403: the caller is known but may not do this. */
    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(HttpStatus.FORBIDDEN, null, detail, List.of());
    }

    /** The fields at fault; empty when the problem is not about fields. */
    public List<FieldError> errors() {
        return errors;
    }

    private static ProblemDetail body(HttpStatus status, String title, String detail, List<FieldError> errors) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        if (title != null) {
            body.setTitle(title);
        }
        if (!errors.isEmpty()) {
            body.setProperty(ERRORS, List.copyOf(errors));
        }
        return body;
    }
}
