package dev.helpstream.ingest.mail;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Separates the new part of an email reply from the history it quotes, so that a ticket shows
 * what the customer wrote now and keeps the rest for display on demand.
 *
 * <p>The history starts at the first of: an attribution line ("On … wrote:", "Le … a écrit :",
 * also when a mail client wrapped it over two lines), an "-----Original Message-----" separator
 * (or its French and German forms), an Outlook header block ("From:" followed within a few lines by
 * "Sent:" or "Date:" and "To:" or "Subject:", in English, French or German), or a block of {@code
 * >} lines that runs to the end of the text. Quoted lines interleaved with answers are not cut: the
 * answers are the new part. An attribution must contain a digit or an {@code @} (a date, an
 * address), so that a sentence such as "On Monday I wrote:" stays in the text. When nothing new is
 * left before the history (a bare forward), the whole text is the new part.
 *
 * <p>Pure; the input is plain text with {@code \n} line breaks.
 */
final class ReplySplitter {

    private static final Pattern ATTRIBUTION = Pattern.compile(
            "(?iu)^\\s*(on\\s.+\\swrote|le\\s.+\\sa\\s+écrit|am\\s.+\\sschrieb.*|el\\s.+\\sescribió)\\s*:\\s*$");
    /** What an attribution starts with: a line without it cannot begin a wrapped one either. */
    private static final Pattern ATTRIBUTION_START = Pattern.compile("(?iu)^\\s*(on|le|am|el)(\\s|$)");

    private static final Pattern SEPARATOR = Pattern.compile(
            "(?iu)^\\s*-{2,}\\s*(original message|message d'origine|ursprüngliche nachricht|forwarded message"
                    + "|message transféré)\\s*-{2,}\\s*$");
    private static final Pattern HEADER_FROM = Pattern.compile("(?iu)^\\s*\\*?(from|de|von)\\s*:\\*?\\s*\\S.*$");
    private static final Pattern HEADER_DATE =
            Pattern.compile("(?iu)^\\s*\\*?(sent|date|envoyé|gesendet|datum)\\s*:\\*?\\s*\\S.*$");
    private static final Pattern HEADER_OTHER =
            Pattern.compile("(?iu)^\\s*\\*?(to|à|an|subject|objet|betreff|cc)\\s*:\\*?.*$");
    private static final Pattern RULE = Pattern.compile("^\\s*_{8,}\\s*$");
    private static final Pattern EVIDENCE = Pattern.compile("[0-9@]");
    private static final int HEADER_BLOCK_LINES = 6;
    private static final int WRAPPED_TAIL_CHARS = 60;

    private ReplySplitter() {}

    /**
     * The new part and the quoted history of {@code text}.
     *
     * @return the split; {@code quoted} is null when no history was found
     */
    static Split split(String text) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            int start = historyStartsAt(lines, i);
            if (start >= 0) {
                String fresh = String.join("\n", lines.subList(0, start)).strip();
                String quoted =
                        String.join("\n", lines.subList(start, lines.size())).strip();
                if (fresh.isEmpty() || quoted.isEmpty()) {
                    return new Split(text.strip(), null);
                }
                return new Split(fresh, quoted);
            }
        }
        return new Split(text.strip(), null);
    }

    /** The line where the history begins if it begins at line {@code i}, else -1. */
    private static int historyStartsAt(List<String> lines, int i) {
        String line = lines.get(i);
        if (isAttribution(line)) {
            return i;
        }
        if (i + 1 < lines.size() && isWrappedAttribution(line, lines.get(i + 1))) {
            return i;
        }
        if (SEPARATOR.matcher(line).matches()) {
            return i;
        }
        if (HEADER_FROM.matcher(line).matches() && isHeaderBlock(lines, i)) {
            // Outlook draws a rule above its header block; it belongs to the history.
            return i > 0 && RULE.matcher(lines.get(i - 1)).matches() ? i - 1 : i;
        }
        if (line.startsWith(">") && onlyQuotesFrom(lines, i)) {
            return i;
        }
        return -1;
    }

    private static boolean isAttribution(String line) {
        return ATTRIBUTION.matcher(line).matches() && EVIDENCE.matcher(line).find();
    }

    /** Mail clients wrap a long attribution, leaving "wrote:" or "… a écrit :" on the next line. */
    private static boolean isWrappedAttribution(String line, String next) {
        // Most lines start no attribution: spare them the joined copy and two more matches.
        if (!ATTRIBUTION_START.matcher(line).find()) {
            return false;
        }
        String tail = next.strip();
        return tail.length() <= WRAPPED_TAIL_CHARS && !isAttribution(next) && isAttribution(line + " " + tail);
    }

    private static boolean isHeaderBlock(List<String> lines, int from) {
        boolean date = false;
        boolean other = false;
        for (int j = from + 1; j < Math.min(lines.size(), from + 1 + HEADER_BLOCK_LINES); j++) {
            date |= HEADER_DATE.matcher(lines.get(j)).matches();
            other |= HEADER_OTHER.matcher(lines.get(j)).matches();
        }
        return date && other;
    }

    private static boolean onlyQuotesFrom(List<String> lines, int from) {
        for (int j = from; j < lines.size(); j++) {
            String line = lines.get(j);
            if (!line.isBlank() && !line.startsWith(">")) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param text the new part of the message
     * @param quoted the quoted history, or null when there is none
     */
    record Split(String text, String quoted) {}
}
