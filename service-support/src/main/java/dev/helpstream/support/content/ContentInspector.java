package dev.helpstream.support.content;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypes;

/**
 * Decides whether a file's content is what its name and declared type say it is, from the first
 * bytes of the content (Apache Tika's magic-byte detection; the file name is deliberately not
 * given to Tika, so a renamed file cannot talk its way through).
 *
 * <p>Rules: content detected as an executable, a script or active markup (HTML, SVG) is always
 * refused. For the extensions in {@link #KINDS} the detected type must be one that extension's
 * files have, and a declared type other than {@code application/octet-stream} must be one of its
 * names; the recorded content type is the extension's canonical one. An extension the settings
 * allow but this table does not know is accepted with the detected type (it cannot be checked
 * further); that is why the default allowlist only names known kinds.
 *
 * <p>Thread-safe; one instance can serve every request.
 */
public final class ContentInspector {

    /** Bytes of the head of a file that detection looks at (Tika's longest magic pattern reach). */
    public static final int SNIFF_BYTES = MimeTypes.getDefaultMimeTypes().getMinLength();

    private static final String OCTET_STREAM = "application/octet-stream";
    private static final String OLE2 = "application/x-tika-msoffice";
    private static final String OOXML = "application/x-tika-ooxml";
    private static final String ZIP = "application/zip";

    private static final Map<String, Kind> KINDS = Map.ofEntries(
            Map.entry("jpg", Kind.of("image/jpeg", Set.of("image/jpeg"), "image/jpg", "image/pjpeg")),
            Map.entry("jpeg", Kind.of("image/jpeg", Set.of("image/jpeg"), "image/jpg", "image/pjpeg")),
            Map.entry("png", Kind.of("image/png", Set.of("image/png"), "image/x-png")),
            Map.entry("gif", Kind.of("image/gif", Set.of("image/gif"))),
            Map.entry("webp", Kind.of("image/webp", Set.of("image/webp"))),
            Map.entry("pdf", Kind.of("application/pdf", Set.of("application/pdf"), "application/x-pdf")),
            Map.entry("doc", Kind.of("application/msword", Set.of(OLE2, "application/msword"))),
            Map.entry("xls", Kind.of("application/vnd.ms-excel", Set.of(OLE2, "application/vnd.ms-excel"))),
            Map.entry("ppt", Kind.of("application/vnd.ms-powerpoint", Set.of(OLE2, "application/vnd.ms-powerpoint"))),
            Map.entry(
                    "docx",
                    Kind.of(
                            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                            Set.of(OOXML, ZIP))),
            Map.entry(
                    "xlsx",
                    Kind.of("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Set.of(OOXML, ZIP))),
            Map.entry(
                    "pptx",
                    Kind.of(
                            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                            Set.of(OOXML, ZIP))),
            Map.entry("txt", Kind.of("text/plain", Set.of("text/plain"))),
            Map.entry("log", Kind.of("text/plain", Set.of("text/plain"))),
            // Browsers on Windows declare .csv files as Excel sheets.
            Map.entry("csv", Kind.of("text/csv", Set.of("text/plain"), "application/vnd.ms-excel")),
            Map.entry("zip", Kind.of(ZIP, Set.of(ZIP), "application/x-zip-compressed")));

    private static final Set<String> ACTIVE_CONTENT = Set.of(
            "application/x-msdownload",
            "application/x-dosexec",
            "application/vnd.microsoft.portable-executable",
            "application/x-executable",
            "application/x-elf",
            "application/x-sharedlib",
            "application/x-mach-o",
            "application/x-mach-o-executable",
            "application/java-vm",
            "application/x-java-applet",
            "application/x-sh",
            "application/x-csh",
            "application/x-bat",
            "application/x-msi",
            "application/javascript",
            "text/javascript",
            "text/x-python",
            "text/x-perl",
            "text/x-php",
            "application/x-httpd-php",
            "text/html",
            "application/xhtml+xml",
            "image/svg+xml",
            "application/x-shockwave-flash");

    private final MimeTypes mimeTypes = MimeTypes.getDefaultMimeTypes();

    /**
     * The content type to record for a file.
     *
     * @param extension the sanitized name's extension, lower-case, possibly empty
     * @param declaredType the part's {@code Content-Type}, or null
     * @param head the first {@link #SNIFF_BYTES} bytes (or all of a shorter file)
     * @throws AttachmentRefusedException ({@link AttachmentRefusedException.Rule#CONTENT}) when the
     *     content is empty, active or does not match; the message completes "the file …"
     */
    public String inspect(String extension, String declaredType, byte[] head) {
        if (head.length == 0) {
            throw refused("is empty");
        }
        String detected = detect(head);
        String declared = baseType(declaredType);
        if (isActive(detected) || isActive(declared)) {
            throw refused("contains an executable, a script or active content ("
                    + (isActive(detected) ? detected : declared) + "), which is never accepted");
        }
        Kind kind = KINDS.get(extension);
        if (kind == null) {
            return detected.equals(OCTET_STREAM) && declared != null ? declared : detected;
        }
        if (!kind.detectedTypes().contains(detected)) {
            throw refused("content is " + detected + ", not a ." + extension + " file");
        }
        if (declared != null
                && !declared.equals(OCTET_STREAM)
                && !kind.declaredTypes().contains(declared)) {
            throw refused("is declared as " + declared + " but is a ." + extension + " file");
        }
        return kind.canonicalType();
    }

    private String detect(byte[] head) {
        try {
            return mimeTypes
                    .detect(new ByteArrayInputStream(head), new Metadata())
                    .getBaseType()
                    .toString();
        } catch (IOException e) {
            throw new UncheckedIOException("reading from memory cannot fail", e);
        }
    }

    private static boolean isActive(String type) {
        return type != null && ACTIVE_CONTENT.contains(type);
    }

    private static String baseType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        MediaType parsed = MediaType.parse(contentType.strip().toLowerCase(Locale.ROOT));
        return parsed == null
                ? contentType.strip().toLowerCase(Locale.ROOT)
                : parsed.getBaseType().toString();
    }

    /**
     * What files with one extension contain.
     *
     * @param canonicalType the type recorded for accepted files
     * @param detectedTypes what magic detection may find in them
     * @param declaredTypes the names clients may declare them with
     */
    private record Kind(String canonicalType, Set<String> detectedTypes, Set<String> declaredTypes) {

        static Kind of(String canonicalType, Set<String> detectedTypes, String... otherNames) {
            Set<String> declared = Stream.of(Stream.of(canonicalType), detectedTypes.stream(), Stream.of(otherNames))
                    .flatMap(names -> names)
                    .collect(Collectors.toUnmodifiableSet());
            return new Kind(canonicalType, detectedTypes, declared);
        }
    }

    private static AttachmentRefusedException refused(String reason) {
        return new AttachmentRefusedException(AttachmentRefusedException.Rule.CONTENT, reason);
    }
}
