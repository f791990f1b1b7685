package dev.helpstream.support.content;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the file name an uploader sends into one that is safe to show, to store in a record and to
 * offer again as a download name on any operating system.
 *
 * <p>The result has no path (only the last segment of either separator is kept), no control or
 * reserved characters, no leading dots (so no hidden files and no {@code ..}), no trailing dots or
 * spaces, is not a Windows device name, and is at most {@value #MAX_BYTES} UTF-8 bytes with its
 * extension kept. An empty result becomes {@value #FALLBACK}. The name is never used as a storage
 * path: blobs are stored under their SHA-256.
 */
public final class FileNames {

    public static final int MAX_BYTES = 200;
    public static final String FALLBACK = "attachment";

    private static final Pattern UNSAFE = Pattern.compile("[\\p{Cntrl}\\p{Cf}<>:\"/\\\\|?*\\u007f]");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Set<String> DEVICE_NAMES = Set.of(
            "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "lpt1",
            "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

    private FileNames() {}

    /** The safe form of {@code raw}; never empty. */
    public static String sanitize(String raw) {
        if (raw == null) {
            return FALLBACK;
        }
        String name = raw;
        int separator = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(separator + 1);
        name = Normalizer.normalize(name, Normalizer.Form.NFC);
        name = UNSAFE.matcher(name).replaceAll("_");
        name = SPACES.matcher(name).replaceAll(" ");
        name = stripLeading(name, ". ");
        name = stripTrailing(name, ". ");
        if (name.isEmpty()) {
            return FALLBACK;
        }
        String stem = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        if (DEVICE_NAMES.contains(stem.toLowerCase(Locale.ROOT))) {
            name = "_" + name;
        }
        return truncate(name);
    }

    /** The extension of a sanitized name, lower-case without the dot; empty when it has none. */
    public static String extension(String sanitizedName) {
        int dot = sanitizedName.lastIndexOf('.');
        return dot < 0 ? "" : sanitizedName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String truncate(String name) {
        if (utf8Length(name) <= MAX_BYTES) {
            return name;
        }
        String extension = extension(name);
        String suffix = extension.isEmpty() || utf8Length(extension) > 20 ? "" : "." + extension;
        String stem = name.substring(0, name.length() - suffix.length());
        while (utf8Length(stem) + utf8Length(suffix) > MAX_BYTES) {
            // Cut whole code points so that a surrogate pair is never split.
            stem = stem.substring(0, stem.offsetByCodePoints(stem.length(), -1));
        }
        return stripTrailing(stem, ". ") + suffix;
    }

    private static int utf8Length(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String stripLeading(String value, String characters) {
        int start = 0;
        while (start < value.length() && characters.indexOf(value.charAt(start)) >= 0) {
            start++;
        }
        return value.substring(start);
    }

    private static String stripTrailing(String value, String characters) {
        int end = value.length();
        while (end > 0 && characters.indexOf(value.charAt(end - 1)) >= 0) {
            end--;
        }
        return value.substring(0, end);
    }
}
