package dev.helpstream.support.content;

/**
 * What is wrong with one field of a request; an entry of the {@code errors} array of a problem
 * response.
 *
 * @param field the field as the client named it ({@code cc[1]}, {@code attachments[0]}, or a
 *     header such as {@code Idempotency-Key})
 * @param reason what is wrong, in words
 */
public record FieldProblem(String field, String reason) {}
