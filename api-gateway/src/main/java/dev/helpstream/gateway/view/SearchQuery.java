package dev.helpstream.gateway.view;

import java.util.Objects;

/**
 * A full-text search within a view's scope.
 *
 * <p>The text is user input, read leniently: words must all be found (in any of the searched
 * fields); {@code "a phrase"} in quotes, {@code word*} as a prefix and {@code -word} to exclude
 * are understood, anything else is taken literally, so no syntax error can reach the user. A text
 * that is only a ticket number ({@code 10234} or {@code #10234}) also finds that ticket.
 *
 * @param text what to search for: subject, public messages and their authors, plus internal notes
 *     when {@code includeNotes}; at most {@value #MAX_TEXT_LENGTH} characters
 * @param scope the filters and permission restrictions, the cursor and the page size; its sort is
 *     ignored (results are ranked by relevance, then number descending)
 * @param includeNotes whether internal notes are searched (never for customers)
 */
public record SearchQuery(String text, ViewQuery scope, boolean includeNotes) {

    public static final int MAX_TEXT_LENGTH = 500;

    public SearchQuery {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("search text must not be empty");
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("search text must be at most " + MAX_TEXT_LENGTH + " characters");
        }
        Objects.requireNonNull(scope, "scope");
    }
}
