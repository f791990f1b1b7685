package dev.helpstream.bench.mail;

import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads a few header fields out of a raw RFC 5322 mail without building a MIME message: only the
 * header block (up to the first empty line) is scanned, so reading a header costs a pass over a few
 * hundred bytes.
 *
 * <p>Values are unfolded (a line break followed by white space is dropped) and trimmed; RFC 2047
 * encoded words are decoded. A field that is missing reads as {@code null}; the first occurrence of
 * a repeated field wins.
 */
final class MailHeaders {

    private MailHeaders() {}

    /** The length of the header block, its terminating empty line excluded. */
    static int headerEnd(byte[] mail) {
        for (int i = 0; i < mail.length; i++) {
            if (mail[i] != '\n') {
                continue;
            }
            if (i + 1 < mail.length && mail[i + 1] == '\n') {
                return i + 1;
            }
            if (i + 2 < mail.length && mail[i + 1] == '\r' && mail[i + 2] == '\n') {
                return i + 1;
            }
        }
        return mail.length;
    }

    /** The value of the header field {@code name} (any case), or null if the mail has none. */
    static String value(byte[] mail, int headerEnd, String name) {
        byte[] wanted = name.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        int lineStart = 0;
        while (lineStart < headerEnd) {
            if (startsWithField(mail, lineStart, headerEnd, wanted)) {
                return decode(unfold(mail, lineStart + wanted.length + 1, headerEnd));
            }
            lineStart = nextLine(mail, lineStart, headerEnd);
        }
        return null;
    }

    private static boolean startsWithField(byte[] mail, int at, int end, byte[] wanted) {
        if (at + wanted.length >= end || mail[at + wanted.length] != ':') {
            return false;
        }
        for (int i = 0; i < wanted.length; i++) {
            byte b = mail[at + i];
            if (b >= 'A' && b <= 'Z') {
                b = (byte) (b + ('a' - 'A'));
            }
            if (b != wanted[i]) {
                return false;
            }
        }
        return true;
    }

    private static int nextLine(byte[] mail, int from, int end) {
        int i = from;
        while (i < end && mail[i] != '\n') {
            i++;
        }
        return i + 1;
    }

    /** The field's value from {@code from} to the end of its last continuation line. */
    private static String unfold(byte[] mail, int from, int end) {
        StringBuilder value = new StringBuilder();
        int lineStart = from;
        while (true) {
            int lineEnd = lineStart;
            while (lineEnd < end && mail[lineEnd] != '\n') {
                lineEnd++;
            }
            int contentEnd = lineEnd > lineStart && mail[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            value.append(new String(mail, lineStart, contentEnd - lineStart, StandardCharsets.UTF_8));
            lineStart = lineEnd + 1;
            // A continuation line starts with white space; anything else is the next field.
            if (lineStart >= end || (mail[lineStart] != ' ' && mail[lineStart] != '\t')) {
                return value.toString().strip();
            }
        }
    }

    private static String decode(String value) {
        if (!value.contains("=?")) {
            return value;
        }
        try {
            return MimeUtility.decodeText(value);
        } catch (UnsupportedEncodingException unknownCharset) {
            // Kept as sent: a subject the benchmark cannot decode still identifies the mail.
            return value;
        }
    }
}
