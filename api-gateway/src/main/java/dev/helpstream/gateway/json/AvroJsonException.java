package dev.helpstream.gateway.json;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A JSON document that does not fit an Avro schema: every problem found, each at its field. The
 * gateway answers it with a 422 problem listing the {@link #errors()}.
 */
public class AvroJsonException extends RuntimeException {

    private final transient List<FieldError> errors;

    public AvroJsonException(List<FieldError> errors) {
        super(errors.stream()
                .map(error -> (error.field().isEmpty() ? "body" : error.field()) + " " + error.message())
                .collect(Collectors.joining("; ")));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an AvroJsonException needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    /** The problems, in document order. */
    public List<FieldError> errors() {
        return errors;
    }
}
