package dev.helpstream.ingest;

import dev.helpstream.support.content.FieldProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The text fields of a submission as received, from a JSON object or from multipart form fields,
 * before any rule is checked. Both encodings use the same field names, so validation and its
 * error messages are the same for both.
 *
 * <p>Fields: {@code email}, {@code name}, {@code subject}, {@code body}, {@code bodyType} ({@code
 * text} or {@code html}), {@code cc} (repeatable; a form value may list several addresses
 * separated by commas), {@code departmentId}, {@code serviceId}, {@code language}, and the
 * honeypot field. Unknown fields are refused, so that a misspelt field is an error rather than a
 * silently lost value.
 */
final class TicketFields {

    static final String EMAIL = "email";
    static final String NAME = "name";
    static final String SUBJECT = "subject";
    static final String BODY = "body";
    static final String BODY_TYPE = "bodyType";
    static final String CC = "cc";
    static final String DEPARTMENT_ID = "departmentId";
    static final String SERVICE_ID = "serviceId";
    static final String LANGUAGE = "language";
    static final String ATTACHMENTS = "attachments";

    private static final Set<String> SINGLE =
            Set.of(EMAIL, NAME, SUBJECT, BODY, BODY_TYPE, DEPARTMENT_ID, SERVICE_ID, LANGUAGE);
    private static final Pattern ADDRESS_SEPARATORS = Pattern.compile("[,;]");

    private final Map<String, List<String>> values;

    private TicketFields(Map<String, List<String>> values) {
        this.values = values;
    }

    /**
     * The fields of a JSON object.
     *
     * @throws RequestRefusedException 422 for unknown fields, values of the wrong type, or
     *     attachments (which need multipart)
     */
    static TicketFields fromJson(Map<String, Object> json, String honeypotField) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        List<FieldProblem> problems = new ArrayList<>();
        json.forEach((name, value) -> {
            if (value == null) {
                return;
            }
            if (name.equals(ATTACHMENTS)) {
                problems.add(new FieldProblem(name, "can only be sent as files of a multipart/form-data request"));
            } else if (name.equals(CC)) {
                if (value instanceof String single) {
                    values.put(CC, List.of(single));
                } else if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
                    values.put(CC, list.stream().map(String.class::cast).toList());
                } else {
                    problems.add(new FieldProblem(name, "must be an array of email addresses"));
                }
            } else if (SINGLE.contains(name) || name.equals(honeypotField)) {
                if (value instanceof String text) {
                    values.put(name, List.of(text));
                } else {
                    problems.add(new FieldProblem(name, "must be a string"));
                }
            } else {
                problems.add(new FieldProblem(name, "is not a known field"));
            }
        });
        if (!problems.isEmpty()) {
            throw RequestRefusedException.invalid(problems);
        }
        return new TicketFields(values);
    }

    /** Collects multipart form fields one at a time; see {@link #add}. */
    static Form form(String honeypotField) {
        return new Form(honeypotField);
    }

    /** The one value of a field, or null when it was not sent. */
    String value(String name) {
        List<String> found = values.get(name);
        return found == null || found.isEmpty() ? null : found.get(0);
    }

    /** Whether the field was sent at all (even empty). */
    boolean has(String name) {
        return values.containsKey(name);
    }

    /** The CC addresses as sent, one per entry. */
    List<String> cc() {
        return values.getOrDefault(CC, List.of());
    }

    /** Multipart form fields being collected. */
    static final class Form {
        private final String honeypotField;
        private final Map<String, List<String>> values = new LinkedHashMap<>();
        private final List<FieldProblem> problems = new ArrayList<>();

        private Form(String honeypotField) {
            this.honeypotField = honeypotField;
        }

        /** Adds one form field; problems are kept until {@link #fields()}. */
        Form add(String name, String value) {
            if (name.equals(CC)) {
                List<String> addresses = values.computeIfAbsent(CC, key -> new ArrayList<>());
                for (String address : ADDRESS_SEPARATORS.split(value)) {
                    if (!address.isBlank()) {
                        addresses.add(address.strip());
                    }
                }
            } else if (SINGLE.contains(name) || name.equals(honeypotField)) {
                if (values.putIfAbsent(name, List.of(value)) != null) {
                    problems.add(new FieldProblem(name, "is given more than once"));
                }
            } else if (name.equals(ATTACHMENTS)) {
                problems.add(new FieldProblem(name, "must be sent as files"));
            } else {
                problems.add(new FieldProblem(name, "is not a known field"));
            }
            return this;
        }

        /**
         * The collected fields.
         *
         * @throws RequestRefusedException 422 for unknown or repeated fields
         */
        TicketFields fields() {
            if (!problems.isEmpty()) {
                throw RequestRefusedException.invalid(problems);
            }
            return new TicketFields(values);
        }
    }
}
