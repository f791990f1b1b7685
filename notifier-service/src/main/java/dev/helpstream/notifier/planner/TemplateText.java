package dev.helpstream.notifier.planner;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The placeholder syntax of the email templates: {@code {{name}}} where the name is lower-case
 * words joined by dots (the admin API accepts nothing else). A known name without a value renders
 * empty; an unknown name renders empty and is logged once per name. In HTML every value is
 * escaped and its line breaks become {@code <br>}, so no value can add markup.
 */
final class TemplateText {

    private static final Logger log = LoggerFactory.getLogger(TemplateText.class);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-z]+(?:\\.[a-z]+)*)\\s*}}");
    private static final Set<String> REPORTED_UNKNOWN = ConcurrentHashMap.newKeySet();

    private TemplateText() {}

    /** A template rendered as plain text. */
    static String text(String template, Map<String, String> values) {
        return render(template, values, false);
    }

    /** A template rendered as HTML: values escaped. */
    static String html(String template, Map<String, String> values) {
        return render(template, values, true);
    }

    /** A subject: plain text on one line. */
    static String subject(String template, Map<String, String> values) {
        return text(template, values).replaceAll("\\s+", " ").strip();
    }

    /** {@code text} safe as HTML element content or a quoted attribute value. */
    static String escapeHtml(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static String render(String template, Map<String, String> values, boolean html) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder rendered = new StringBuilder(template.length() + 64);
        while (matcher.find()) {
            String name = matcher.group(1);
            if (!Placeholders.KNOWN.contains(name) && REPORTED_UNKNOWN.add(name)) {
                log.warn("Email template placeholder '{}' is unknown; it renders empty", name);
            }
            String value = values.getOrDefault(name, "");
            if (value == null) {
                value = "";
            }
            if (html) {
                value = escapeHtml(value).replace("\r\n", "\n").replace("\n", "<br>\n");
            }
            matcher.appendReplacement(rendered, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(rendered);
        return rendered.toString();
    }
}
