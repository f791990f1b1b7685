package dev.helpstream.support.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.MessageBody;
import org.junit.jupiter.api.Test;

class MessageBodiesTest {

    @Test
    void shouldRemoveScriptsEventHandlersAndJavascriptUrls() {
        MessageBody body = MessageBodies.fromHtml("<p onclick=\"steal()\">Hello <b>there</b></p>"
                + "<script>alert(document.cookie)</script>"
                + "<a href=\"javascript:alert(1)\">click</a>"
                + "<iframe src=\"https://evil.example\"></iframe>"
                + "<style>body{display:none}</style>");

        assertThat(body.getHtml()).isEqualTo("<p>Hello <b>there</b></p>click");
        assertThat(body.getText()).isEqualTo("Hello there\nclick");
    }

    @Test
    void shouldKeepSafeLinksWithNoFollowAndSecureImages() {
        MessageBody body = MessageBodies.fromHtml("<p>See <a href=\"https://example.com/x?a=1&amp;b=2\">the docs</a>"
                + "<img src=\"https://cdn.example.com/a.png\" alt=\"diagram\">"
                + "<img src=\"http://tracker.example/pixel.gif\">"
                + "<img src=\"cid:logo@mail\"></p>");

        // The sanitizer writes the rel values in no fixed order.
        java.util.regex.Matcher rel =
                java.util.regex.Pattern.compile(" rel=\"([^\"]*)\"").matcher(body.getHtml());
        assertThat(rel.find()).isTrue();
        assertThat(rel.group(1).split(" ")).containsExactlyInAnyOrder("nofollow", "noopener", "noreferrer");
        assertThat(rel.replaceAll(" rel=\"…\""))
                .isEqualTo("<p>See <a href=\"https://example.com/x?a&#61;1&amp;b&#61;2\" rel=\"…\">the docs</a>"
                        + "<img src=\"https://cdn.example.com/a.png\" alt=\"diagram\" />"
                        + "<img src=\"cid:logo&#64;mail\" /></p>");
        assertThat(body.getText()).isEqualTo("See the docs");
    }

    @Test
    void shouldDeriveReadableTextFromBlocksListsAndEntities() {
        MessageBody body = MessageBodies.fromHtml(
                "<h1>Server   down</h1><p>Since 10:00 &amp; still &lt;broken&gt;</p><ul><li>web1</li><li>web2</li></ul>");

        assertThat(body.getText()).isEqualTo("Server down\n\nSince 10:00 & still <broken>\n\nweb1\n\nweb2");
    }

    @Test
    void shouldCleanPlainTextLineBreaksAndControlCharacters() {
        MessageBody body = MessageBodies.fromText("  Line one\r\nLine\u0007 two   \r\n\r\n\r\n\r\nLast\tline \u0000");

        assertThat(body.getText()).isEqualTo("Line one\nLine two\n\nLast\tline");
        assertThat(body.getHtml()).isNull();
    }

    @Test
    void shouldGiveTheTextOfUnsanitizedHtmlWithoutTheTextOfScripts() {
        assertThat(MessageBodies.textOf("<p>Hi <script>steal()</script>there</p><ul><li>a</li><li>b &amp; c</li></ul>"))
                .isEqualTo("Hi there\n\na\n\nb & c");
    }

    @Test
    void shouldLeaveNoHtmlWhenNothingSafeRemains() {
        MessageBody body = MessageBodies.fromHtml("<script>alert(1)</script>");

        assertThat(body.getHtml()).isNull();
        assertThat(body.getText()).isEmpty();
    }
}
