package dev.helpstream.ingest.mail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplySplitterTest {

    @Test
    void shouldSplitAtAnEnglishAttributionFollowedByQuotedLines() {
        ReplySplitter.Split split = ReplySplitter.split("""
                Thanks, that fixed it.

                On Mon, 5 Jan 2026 at 10:00, Support <support@example.com> wrote:
                > Please restart the server.
                > Regards
                """);

        assertThat(split.text()).isEqualTo("Thanks, that fixed it.");
        assertThat(split.quoted()).isEqualTo("""
                        On Mon, 5 Jan 2026 at 10:00, Support <support@example.com> wrote:
                        > Please restart the server.
                        > Regards""");
    }

    @Test
    void shouldSplitAtAnAttributionThatTheMailClientWrappedOverTwoLines() {
        ReplySplitter.Split split = ReplySplitter.split("""
                Still broken.

                On Mon, Jan 5, 2026 at 10:00 AM Support Team <support@example.com>
                wrote:
                > Please restart the server.
                """);

        assertThat(split.text()).isEqualTo("Still broken.");
        assertThat(split.quoted())
                .startsWith("On Mon, Jan 5, 2026 at 10:00 AM Support Team <support@example.com>\nwrote:");
    }

    @Test
    void shouldSplitAtAnIndentedGermanAttributionInCapitalsWrappedOverTwoLines() {
        ReplySplitter.Split split = ReplySplitter.split("""
                Geht immer noch nicht.

                  AM 05.01.2026 UM 10:00 SCHRIEB Support Team
                <support@example.com>:
                > Bitte den Server neu starten.
                """);

        assertThat(split.text()).isEqualTo("Geht immer noch nicht.");
        assertThat(split.quoted())
                .isEqualTo("AM 05.01.2026 UM 10:00 SCHRIEB Support Team\n<support@example.com>:\n"
                        + "> Bitte den Server neu starten.");
    }

    @Test
    void shouldSplitAtAFrenchAttribution() {
        ReplySplitter.Split split = ReplySplitter.split("""
                Merci, c'est réglé.

                Le lun. 5 janv. 2026 à 10:00, Support <support@example.com> a écrit :
                > Redémarrez le serveur.
                """);

        assertThat(split.text()).isEqualTo("Merci, c'est réglé.");
        assertThat(split.quoted())
                .isEqualTo(
                        "Le lun. 5 janv. 2026 à 10:00, Support <support@example.com> a écrit :\n> Redémarrez le serveur.");
    }

    @Test
    void shouldSplitAtAnOriginalMessageSeparator() {
        ReplySplitter.Split split = ReplySplitter.split("""
                See my answer below.
                -----Original Message-----
                From: Support
                Please restart the server.
                """);

        assertThat(split.text()).isEqualTo("See my answer below.");
        assertThat(split.quoted()).isEqualTo("-----Original Message-----\nFrom: Support\nPlease restart the server.");
    }

    @Test
    void shouldSplitAtAnOutlookHeaderBlockWithItsRule() {
        ReplySplitter.Split split = ReplySplitter.split("""
                Done, thank you.

                ________________________________
                From: Support <support@example.com>
                Sent: Monday, January 5, 2026 10:00
                To: Alice <alice@example.org>
                Subject: [#10001] Server down

                Please restart the server.
                """);

        assertThat(split.text()).isEqualTo("Done, thank you.");
        assertThat(split.quoted())
                .startsWith("________________________________\nFrom: Support <support@example.com>\nSent:")
                .endsWith("Please restart the server.");
    }

    @Test
    void shouldSplitAtAFrenchOutlookHeaderBlock() {
        ReplySplitter.Split split = ReplySplitter.split("""
                C'est fait.

                De : Support <support@example.com>
                Envoyé : lundi 5 janvier 2026 10:00
                À : Alice <alice@example.org>
                Objet : [#10001] Serveur en panne
                """);

        assertThat(split.text()).isEqualTo("C'est fait.");
        assertThat(split.quoted()).startsWith("De : Support <support@example.com>");
    }

    @Test
    void shouldSplitATrailingBlockOfQuotedLinesWithoutAnAttribution() {
        ReplySplitter.Split split = ReplySplitter.split("Yes, please do.\n\n> Shall we restart it?\n>\n> Bob\n");

        assertThat(split.text()).isEqualTo("Yes, please do.");
        assertThat(split.quoted()).isEqualTo("> Shall we restart it?\n>\n> Bob");
    }

    @Test
    void shouldKeepAnswersInterleavedWithQuotedLinesAsTheNewPart() {
        String text = "> Is the server up?\nYes.\n> And the database?\nAlso up.";

        ReplySplitter.Split split = ReplySplitter.split(text);

        assertThat(split.text()).isEqualTo(text);
        assertThat(split.quoted()).isNull();
    }

    @Test
    void shouldNotTakeASentenceEndingInWroteForAnAttribution() {
        String text = "On Monday I wrote:\nthe disk is full.";

        ReplySplitter.Split split = ReplySplitter.split(text);

        assertThat(split.text()).isEqualTo(text);
        assertThat(split.quoted()).isNull();
    }

    @Test
    void shouldKeepTheWholeTextWhenNothingPrecedesTheHistory() {
        String text = "-----Original Message-----\nFrom: Bob\nThe server is down.";

        ReplySplitter.Split split = ReplySplitter.split(text);

        assertThat(split.text()).isEqualTo(text);
        assertThat(split.quoted()).isNull();
    }
}
