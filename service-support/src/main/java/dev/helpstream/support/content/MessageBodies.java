package dev.helpstream.support.content;

import dev.helpstream.schema.MessageBody;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.HtmlSanitizer;
import org.owasp.html.PolicyFactory;

/**
 * Turns a submitted body into the {@link MessageBody} written to {@code tickets.inbound.v1}.
 *
 * <p>Plain text is cleaned (line breaks normalized to {@code \n}, control characters other than
 * tab and newline removed). HTML goes through an allowlist policy (OWASP java-html-sanitizer):
 * text formatting, blocks, lists, tables, links to {@code http}, {@code https} and {@code mailto}
 * (with {@code rel="nofollow noopener noreferrer"}) and images from {@code https} or {@code cid:};
 * everything else — scripts, styles, event handlers, forms, frames, {@code javascript:} URLs — is
 * removed. The plain-text part of an HTML body is derived from the sanitized HTML, so both parts
 * say the same thing.
 *
 * <p>Pure and thread-safe (the policy is immutable). The sanitized HTML is safe to render in a
 * page; the text is safe to show as text (it still needs escaping as any text does).
 */
public final class MessageBodies {

    private static final PolicyFactory POLICY = new HtmlPolicyBuilder()
            .allowElements(
                    "p",
                    "div",
                    "span",
                    "br",
                    "hr",
                    "b",
                    "strong",
                    "i",
                    "em",
                    "u",
                    "s",
                    "strike",
                    "sub",
                    "sup",
                    "small",
                    "big",
                    "code",
                    "pre",
                    "blockquote",
                    "q",
                    "cite",
                    "h1",
                    "h2",
                    "h3",
                    "h4",
                    "h5",
                    "h6",
                    "ul",
                    "ol",
                    "li",
                    "dl",
                    "dt",
                    "dd",
                    "table",
                    "thead",
                    "tbody",
                    "tfoot",
                    "tr",
                    "th",
                    "td",
                    "caption",
                    "a",
                    "img")
            .allowUrlProtocols("http", "https", "mailto", "cid")
            .allowAttributes("href")
            .onElements("a")
            .requireRelsOnLinks("nofollow", "noopener", "noreferrer")
            // Images load only over https or from the message itself (cid:), never over plain http
            // (mixed content) nor from mailto:.
            .allowAttributes("src")
            .matching(Pattern.compile("(?i)\\s*(https:|cid:).*"))
            .onElements("img")
            .allowAttributes("alt", "width", "height")
            .onElements("img")
            .allowAttributes("colspan", "rowspan")
            .onElements("td", "th")
            .allowAttributes("title")
            .globally()
            .toFactory();

    private static final Set<String> BLOCKS = Set.of(
            "p",
            "div",
            "br",
            "hr",
            "pre",
            "blockquote",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "ul",
            "ol",
            "li",
            "dl",
            "dt",
            "dd",
            "table",
            "tr",
            "caption");

    private MessageBodies() {}

    /** A plain-text body. */
    public static MessageBody fromText(String text) {
        return MessageBody.newBuilder().setText(cleanText(text)).build();
    }

    /** An HTML body: the sanitized HTML and the text it shows. */
    public static MessageBody fromHtml(String html) {
        String safe = sanitizeHtml(html);
        return MessageBody.newBuilder()
                .setText(textOfSanitized(safe))
                .setHtml(safe.isBlank() ? null : safe)
                .build();
    }

    /** {@code html} with everything outside the allowlist removed; safe to render. */
    public static String sanitizeHtml(String html) {
        return POLICY.sanitize(html);
    }

    /**
     * Plain text with normalized line breaks ({@code \r\n} and {@code \r} become {@code \n}), no
     * control characters except tab and newline, no spaces or tabs at the end of a line, at most one
     * blank line in a row, and no surrounding whitespace. One pass over the text: every body of
     * every ticket and mail goes through it.
     */
    public static String cleanText(String text) {
        int length = text.length();
        StringBuilder clean = new StringBuilder(length);
        // Where the run of spaces and tabs at the end of the output began, or -1: dropped if a line
        // break follows it.
        int blanks = -1;
        // Line breaks in a row at the end of the output, the blanks between them not counting.
        int breaks = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                if (i + 1 < length && text.charAt(i + 1) == '\n') {
                    continue;
                }
                c = '\n';
            }
            if (c == '\n') {
                if (blanks >= 0) {
                    clean.setLength(blanks);
                    blanks = -1;
                }
                if (breaks < 2) {
                    clean.append('\n');
                }
                breaks++;
            } else if (c == ' ' || c == '\t') {
                if (blanks < 0) {
                    blanks = clean.length();
                }
                clean.append(c);
            } else if (c >= 0x20 && c != 0x7F) {
                clean.append(c);
                blanks = -1;
                breaks = 0;
            }
            // Any other control character is dropped as if it were not there.
        }
        return clean.toString().strip();
    }

    /**
     * The text an HTML fragment shows once sanitized (for a search index, a preview or a plain-text
     * mail part): line breaks where blocks begin and end, whitespace collapsed, entities decoded.
     */
    public static String textOf(String html) {
        return textOfSanitized(sanitizeHtml(html));
    }

    private static String textOfSanitized(String safeHtml) {
        StringBuilder text = new StringBuilder();
        HtmlSanitizer.sanitize(safeHtml, new TextCollector(text));
        return cleanText(text.toString());
    }

    /** Collects the text of an HTML document, with line breaks where blocks begin and end. */
    private static final class TextCollector implements HtmlSanitizer.Policy {
        private final StringBuilder text;

        TextCollector(StringBuilder text) {
            this.text = text;
        }

        @Override
        public void openDocument() {}

        @Override
        public void closeDocument() {}

        @Override
        public void openTag(String elementName, List<String> attributes) {
            if (BLOCKS.contains(elementName)) {
                text.append('\n');
            }
        }

        @Override
        public void closeTag(String elementName) {
            if (BLOCKS.contains(elementName)) {
                text.append('\n');
            }
        }

        @Override
        public void text(String chunk) {
            text.append(chunk.replaceAll("[ \\t\\r\\n]+", " "));
        }
    }
}
