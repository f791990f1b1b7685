package dev.helpstream.support.content;

import dev.helpstream.schema.Contact;
import dev.helpstream.schema.MessageBody;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks the text fields of one submitted message (a new ticket or a reply) and collects every
 * problem, so that a client learns about all of its invalid fields at once. Each method returns
 * the value to write and records a {@link FieldProblem} for what is wrong; once every field is
 * checked, {@link #problems()} says whether the submission can go on.
 *
 * <p>Rules: an email address is required and valid ({@link EmailAddresses}, stored normalized); a
 * line (subject, name) is required, its control characters and line breaks become single spaces,
 * and it is at most the given length; a body is required, at most the given length before
 * sanitizing, plain text cleaned or HTML sanitized ({@link MessageBodies}), and must say something
 * once cleaned; a CC list has at most the given number of addresses, each valid ({@code cc[i]}),
 * duplicates (ignoring case) and the requester dropped.
 *
 * <p>One instance per submission; not thread-safe.
 */
public final class FieldChecks {

    /** The longest display name. */
    public static final int MAX_NAME = 200;

    /** The longest subject. */
    public static final int MAX_SUBJECT = 255;

    private static final Pattern ONE_LINE = Pattern.compile("[\\p{Cntrl}\\s]+");

    private final List<FieldProblem> problems = new ArrayList<>();

    /**
     * A required email address.
     *
     * @return the normalized address, or null when it is missing or invalid
     */
    public String email(String field, String value) {
        if (value == null || value.isBlank()) {
            problems.add(new FieldProblem(field, "is required"));
            return null;
        }
        try {
            return EmailAddresses.normalize(value);
        } catch (EmailAddresses.InvalidAddressException e) {
            problems.add(new FieldProblem(field, "is not a valid email address: it " + e.getMessage()));
            return null;
        }
    }

    /**
     * A required single line of text, such as a subject or a name.
     *
     * @return the value on one line and stripped (possibly empty or too long when a problem was
     *     recorded)
     */
    public String line(String field, String value, int maxChars) {
        String cleaned =
                value == null ? "" : ONE_LINE.matcher(value).replaceAll(" ").strip();
        if (cleaned.isEmpty()) {
            problems.add(new FieldProblem(field, "is required"));
        } else if (cleaned.length() > maxChars) {
            problems.add(new FieldProblem(field, "is longer than " + maxChars + " characters"));
        }
        return cleaned;
    }

    /**
     * A required message body.
     *
     * @param html whether {@code value} is HTML (sanitized) rather than plain text (cleaned)
     * @param maxChars the longest accepted value, before cleaning
     * @return the body to write, or null when it is missing or too long
     */
    public MessageBody body(String field, String value, boolean html, int maxChars) {
        if (value == null || value.isBlank()) {
            problems.add(new FieldProblem(field, "is required"));
            return null;
        }
        if (value.length() > maxChars) {
            problems.add(new FieldProblem(field, "is longer than " + maxChars + " characters"));
            return null;
        }
        MessageBody body = html ? MessageBodies.fromHtml(value) : MessageBodies.fromText(value);
        if (body.getText().isBlank() && body.getHtml() == null) {
            problems.add(new FieldProblem(field, "has no content once unsafe HTML is removed"));
        }
        return body;
    }

    /**
     * An optional list of CC addresses; each is reported as {@code field[i]}.
     *
     * @param given the addresses as sent, or null for none
     * @param max the most addresses accepted
     * @param requester the requester's normalized address, which is dropped from the list; or null
     * @return the valid addresses in the order given, without duplicates or the requester
     */
    public List<Contact> ccs(String field, List<String> given, int max, String requester) {
        if (given == null) {
            return List.of();
        }
        if (given.size() > max) {
            problems.add(new FieldProblem(field, "has more than " + max + " addresses"));
            return List.of();
        }
        Map<String, Contact> contacts = new LinkedHashMap<>();
        for (int i = 0; i < given.size(); i++) {
            String address = email(field + "[" + i + "]", given.get(i));
            if (address != null && !address.equalsIgnoreCase(requester)) {
                contacts.putIfAbsent(
                        address.toLowerCase(Locale.ROOT),
                        Contact.newBuilder().setEmail(address).build());
            }
        }
        return List.copyOf(contacts.values());
    }

    /** Records a problem found by a rule of the caller's own. */
    public void add(String field, String reason) {
        problems.add(new FieldProblem(field, reason));
    }

    /** Every problem recorded so far, in the order found; empty when every field passed. */
    public List<FieldProblem> problems() {
        return List.copyOf(problems);
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }
}
