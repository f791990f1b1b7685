package dev.helpstream.support.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link MessageBodies#cleanText}: one pass that must clean exactly as its rules read, rule by rule. */
class CleanTextTest {

    /** The rules, one regular expression each, applied in order: what the one pass must equal. */
    private static String byTheRules(String text) {
        String normalized = Pattern.compile("\\r\\n?").matcher(text).replaceAll("\n");
        normalized =
                Pattern.compile("[\\p{Cntrl}&&[^\\n\\t]]").matcher(normalized).replaceAll("");
        normalized = Pattern.compile("[ \\t]+\\n").matcher(normalized).replaceAll("\n");
        return Pattern.compile("\\n{3,}").matcher(normalized).replaceAll("\n\n").strip();
    }

    @Test
    void lineBreaksControlCharactersTrailingBlanksAndBlankLinesAreCleaned() {
        assertThat(MessageBodies.cleanText("  Hello\r\nworld \t\r\n\r\n\r\n\rBye\u0007 \u0001\n\n "))
                .isEqualTo("Hello\nworld\n\nBye");
        assertThat(MessageBodies.cleanText("a \u0001\nb")).isEqualTo("a\nb");
        assertThat(MessageBodies.cleanText("a\n \n\t\n\nb")).isEqualTo("a\n\nb");
        assertThat(MessageBodies.cleanText("tab\tinside\u007F and é")).isEqualTo("tab\tinside and é");
        assertThat(MessageBodies.cleanText("\r\r\n")).isEmpty();
        assertThat(MessageBodies.cleanText("")).isEmpty();
    }

    @Test
    void everyTextIsCleanedAsTheRulesCleanIt() {
        // Texts drawn from the characters the rules treat apart, so that every combination of
        // them occurs: line breaks, blanks, controls, ordinary and non-Latin characters.
        char[] alphabet = {'\r', '\n', ' ', '\t', '\u0000', '\u0001', '\u001f', '\u007f', 'a', 'Z', '.', 'é', '\u2028'};
        Random random = new Random(7);
        for (int text = 0; text < 20_000; text++) {
            StringBuilder input = new StringBuilder();
            int length = random.nextInt(24);
            for (int i = 0; i < length; i++) {
                input.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String raw = input.toString();
            assertThat(MessageBodies.cleanText(raw))
                    .as("%s", raw.chars().boxed().toList())
                    .isEqualTo(byTheRules(raw));
        }
    }
}
