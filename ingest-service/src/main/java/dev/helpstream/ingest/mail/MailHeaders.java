package dev.helpstream.ingest.mail;

import jakarta.mail.Header;
import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header fields of one message, by lower-case name, unfolded, in their order of appearance;
 * with the decoding that received mail needs and that Jakarta Mail's strict defaults refuse.
 *
 * <p>{@link #decode} reads RFC 2047 encoded words in any charset the JVM knows, also when they are
 * glued to other text (which strict decoding leaves as is), dropping the white space between two
 * adjacent encoded words as the RFC says; a word in an unknown charset is kept as written. Ids
 * ({@link #ids}) are the {@code <…>} tokens of Message-ID, In-Reply-To and References without their
 * angle brackets; a bare id without brackets is accepted when it is the whole value. Decoded values
 * that the inbound record keeps are put on one line ({@link #clean}).
 */
final class MailHeaders {

    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?[^?\\s]+\\?[bBqQ]\\?[^?\\s]*\\?=");
    private static final Pattern BETWEEN_WORDS = Pattern.compile("\\s+");
    private static final Pattern BRACKETED_ID = Pattern.compile("<\\s*([^<>\\s]+)\\s*>");
    private static final Pattern BARE_ID = Pattern.compile("[^<>\\s\"(),;]+@[^<>\\s\"(),;]+");
    /**
     * A run of control characters (C0, DEL, C1, the Unicode line and paragraph separators) with the
     * white space around it: a line break decoded from an encoded word must never reach a header
     * that the notifier writes back (a display name, a subject).
     */
    private static final Pattern CONTROL =
            Pattern.compile("[\\s\\p{Cc}\\u2028\\u2029]*[\\p{Cc}\\u2028\\u2029][\\s\\p{Cc}\\u2028\\u2029]*");

    private static final int MAX_ID_LENGTH = 900;

    private final Map<String, List<String>> byName;

    private MailHeaders(Map<String, List<String>> byName) {
        this.byName = byName;
    }

    /** The header fields of a message or body part, as Jakarta Mail read them. */
    static MailHeaders of(Enumeration<Header> headers) {
        Map<String, List<String>> byName = new LinkedHashMap<>();
        for (Header header : Collections.list(headers)) {
            String value = header.getValue() == null ? "" : MimeUtility.unfold(header.getValue());
            byName.computeIfAbsent(header.getName().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
                    .add(value.strip());
        }
        return new MailHeaders(byName);
    }

    /** Every value of the field {@code name}, raw (unfolded, not decoded). */
    List<String> all(String name) {
        return byName.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** The first value of the field {@code name}, raw; null when absent. */
    String first(String name) {
        List<String> values = all(name);
        return values.isEmpty() ? null : values.get(0);
    }

    /** The first value of the field {@code name}, decoded, on one line ({@link #clean}); null when absent. */
    String decoded(String name) {
        String raw = first(name);
        return raw == null ? null : clean(decode(raw));
    }

    /** Every value of {@code name} decoded and joined with ", ", as the inbound record keeps them. */
    Optional<String> joined(String name, int maxChars) {
        List<String> values = all(name);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        String joined = clean(decode(String.join(", ", values)));
        return Optional.of(joined.length() > maxChars ? joined.substring(0, maxChars) : joined);
    }

    /** The first id in the field {@code name}, without angle brackets. */
    Optional<String> firstId(String name) {
        String raw = first(name);
        if (raw == null) {
            return Optional.empty();
        }
        List<String> ids = ids(raw);
        return ids.isEmpty() ? Optional.empty() : Optional.of(ids.get(0));
    }

    /** Every id in the field {@code name}, in order, without angle brackets. */
    List<String> allIds(String name) {
        List<String> ids = new ArrayList<>();
        all(name).forEach(value -> ids.addAll(ids(value)));
        return ids;
    }

    /** The ids in one header value, in order, without angle brackets. */
    static List<String> ids(String value) {
        List<String> ids = new ArrayList<>();
        Matcher bracketed = BRACKETED_ID.matcher(value);
        while (bracketed.find()) {
            addId(ids, bracketed.group(1));
        }
        if (ids.isEmpty()) {
            Matcher bare = BARE_ID.matcher(value);
            while (bare.find()) {
                addId(ids, bare.group());
            }
        }
        return ids;
    }

    private static void addId(List<String> ids, String id) {
        if (!id.isEmpty() && id.length() <= MAX_ID_LENGTH && !ids.contains(id)) {
            ids.add(id);
        }
    }

    /** {@code value} with its RFC 2047 encoded words decoded. */
    static String decode(String value) {
        Matcher words = ENCODED_WORD.matcher(value);
        StringBuilder decoded = new StringBuilder(value.length());
        int end = 0;
        boolean previousWasWord = false;
        while (words.find()) {
            String between = value.substring(end, words.start());
            if (!(previousWasWord && BETWEEN_WORDS.matcher(between).matches())) {
                decoded.append(between);
            }
            decoded.append(decodeWord(words.group()));
            end = words.end();
            previousWasWord = true;
        }
        return decoded.append(value.substring(end)).toString();
    }

    private static String decodeWord(String word) {
        try {
            return MimeUtility.decodeWord(word);
        } catch (UnsupportedEncodingException | jakarta.mail.internet.ParseException | RuntimeException unreadable) {
            // An unknown charset or a broken word: the raw text says more than nothing.
            return word;
        }
    }

    /** {@code value} on one line: each run of control characters becomes one space; stripped. */
    static String clean(String value) {
        return CONTROL.matcher(value).replaceAll(" ").strip();
    }
}
