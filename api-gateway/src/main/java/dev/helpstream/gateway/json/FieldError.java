package dev.helpstream.gateway.json;

/**
 * One problem with one field of a request, for the {@code errors} of a problem response.
 *
 * @param field where, as a path into the JSON body: {@code name}, {@code departmentIds[0]}, {@code
 *     customerNotifications.staffReply}; empty for the body as a whole
 * @param message what is wrong, completing "the field …" (e.g. {@code must not be blank})
 */
public record FieldError(String field, String message) {}
