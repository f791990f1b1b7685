package dev.helpstream.bench.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MailHeadersTest {

    @Test
    void shouldReadAFieldInAnyCaseUnfoldedAndTrimmed() {
        byte[] mail = bytes("SUBJECT:   Your request\r\n\tis open  \r\nTo: a@b.test\r\n\r\nbody");

        assertThat(MailHeaders.value(mail, MailHeaders.headerEnd(mail), "Subject"))
                .isEqualTo("Your request\tis open");
    }

    @Test
    void shouldReadOnlyTheHeaderBlock() {
        byte[] mail = bytes("To: a@b.test\r\n\r\nSubject: in the body\r\n");

        assertThat(MailHeaders.headerEnd(mail)).isEqualTo("To: a@b.test\r\n".length());
        assertThat(MailHeaders.value(mail, MailHeaders.headerEnd(mail), "Subject"))
                .isNull();
    }

    @Test
    void shouldReadAMailWithBareLineFeeds() {
        byte[] mail = bytes("Subject: first\nMessage-ID: <m@x>\n\nbody\n");

        assertThat(MailHeaders.value(mail, MailHeaders.headerEnd(mail), "Subject"))
                .isEqualTo("first");
        assertThat(MailHeaders.value(mail, MailHeaders.headerEnd(mail), "Message-ID"))
                .isEqualTo("<m@x>");
    }

    @Test
    void shouldTakeTheFirstOfARepeatedFieldAndNotAFieldWhoseNameOnlyStartsTheSame() {
        byte[] mail = bytes("Subjects: no\r\nSubject: yes\r\nSubject: second\r\n");

        assertThat(MailHeaders.value(mail, MailHeaders.headerEnd(mail), "Subject"))
                .isEqualTo("yes");
    }

    @Test
    void shouldDecodeEncodedWords() {
        byte[] mail = bytes("Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= aus\r\n =?ISO-8859-1?B?S/Zsbg==?=\r\n\r\n");

        assertThat(MailHeaders.value(mail, MailHeaders.headerEnd(mail), "Subject"))
                .isEqualTo("Grüße aus Köln");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
