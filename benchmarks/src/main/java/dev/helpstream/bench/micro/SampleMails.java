package dev.helpstream.bench.micro;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/**
 * Three mails as a customer's mail client sends them to the helpdesk, written by Jakarta Mail (the
 * same MIME writer as the mail clients the JDK world uses): a plain-text mail of about 1 KB, a
 * multipart/alternative text and HTML mail of about 5 KB, and a reply that quotes its history and
 * attaches a 50 KB PNG screenshot.
 *
 * <p>Invariant: the texts, ids and the image are fixed (the image from a seeded generator), so the
 * parsed results are the same on every run; only the MIME boundaries Jakarta Mail draws differ,
 * which the parser does not see in its output.
 */
final class SampleMails {

    static final String CUSTOMER = "marta.lindqvist@shop.example.com";
    static final String SUPPORT = "support@helpdesk.example.com";
    static final Instant SENT = Instant.parse("2026-03-02T09:40:12Z");

    static final String PLAIN_ID = "plain-4471@mail.shop.example.com";
    static final String PLAIN_SUBJECT = "Invoice 2026-0213: VAT number missing";
    static final String PLAIN_TEXT = String.join(
            "\n",
            "Hello,",
            "",
            "our invoice 2026-0213 for the managed VPS plan (customer number 88213) does not show our",
            "VAT identification number SE556677889901, which we entered in the control panel on",
            "12 February. Our accounting department cannot book the invoice without it, and the",
            "payment is due on 15 March.",
            "",
            "Could you please issue a corrected invoice with the VAT number and the reverse-charge",
            "note, and send it to this address? If the number has to be validated first, tell us",
            "which document you need: we can send the registration certificate from Bolagsverket.",
            "",
            "While you are at it: the invoice address still shows our old office in Göteborg",
            "(Kungsgatan 12). The correct one is Drottninggatan 45, 111 21 Stockholm.",
            "",
            "Best regards,",
            "Marta Lindqvist",
            "Operations, Shop Example AB",
            "+46 8 123 456 78");

    static final String ALTERNATIVE_ID = "alt-4472@mail.shop.example.com";
    static final String ALTERNATIVE_SUBJECT = "Migration of shop.example.com to the new cluster";

    static final String REPLY_ID = "reply-4473@mail.shop.example.com";
    static final String REPLY_SUBJECT = "Re: [#310457] Web server vps-fra1-2281 answers 502 since 09:12 UTC";
    static final String TICKET_MAIL_ID =
            "t.5b1e2c9a-3f3e-3d2a-9c41-7e0b6a2d1f55.0123456789abcdef01234567@helpdesk.example.com";
    static final String REPLY_TEXT = String.join(
            "\n",
            "Hi Lea,",
            "",
            "thank you, the shop answers again since 10:05 UTC. Attached is the screenshot of the",
            "PHP-FPM error our monitoring captured at 09:12, in case it helps your post-mortem.",
            "",
            "One more question: will the host node be replaced, or should we plan a migration",
            "ourselves? We would prefer a maintenance window on a Sunday morning.",
            "",
            "Marta");
    static final String SCREENSHOT_NAME = "fpm-error-0912.png";
    static final int SCREENSHOT_BYTES = 50 * 1024;

    private SampleMails() {}

    /** (a) A plain-text mail of about 1 KB, quoted-printable because of its few accented letters. */
    static byte[] plainText() {
        return write(PLAIN_ID, PLAIN_SUBJECT, message -> message.setText(PLAIN_TEXT, "UTF-8"));
    }

    /** (b) A multipart/alternative mail: the text and its HTML rendering, about 5 KB together. */
    static byte[] alternative() {
        return write(ALTERNATIVE_ID, ALTERNATIVE_SUBJECT, message -> {
            MimeBodyPart text = new MimeBodyPart();
            text.setText(alternativeText(), "UTF-8");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(alternativeHtml(), "UTF-8", "html");
            message.setContent(new MimeMultipart("alternative", text, html));
        });
    }

    /** (c) A reply threaded to its ticket, quoting the history and attaching a 50 KB PNG. */
    static byte[] replyWithAttachment() {
        return write(REPLY_ID, REPLY_SUBJECT, message -> {
            message.setHeader("In-Reply-To", "<" + TICKET_MAIL_ID + ">");
            message.setHeader("References", "<" + TICKET_MAIL_ID + ">");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(REPLY_TEXT + "\n\n" + replyHistory(), "UTF-8");
            MimeBodyPart screenshot = new MimeBodyPart();
            screenshot.setDataHandler(new DataHandler(new ByteArrayDataSource(screenshot(), "image/png")));
            screenshot.setFileName(SCREENSHOT_NAME);
            screenshot.setDisposition(MimeBodyPart.ATTACHMENT);
            message.setContent(new MimeMultipart("mixed", text, screenshot));
        });
    }

    /** The quoted history of the reply: the agent's answer and the original report, 2 KB or so. */
    static String replyHistory() {
        String answer = String.join(
                "\n",
                "Hello Marta,",
                "",
                "the host node of vps-fra1-2281 lost one of its disks at 09:10 UTC and the RAID",
                "controller put the volume in read-only mode, which stopped PHP-FPM from writing its",
                "socket. We moved your VPS to a healthy node at 09:58 UTC; please check the shop.",
                "",
                "Lea Kraus",
                "Technical support");
        return "On Mon, 2 Mar 2026 at 10:01, Lea Kraus <support@helpdesk.example.com> wrote:\n"
                + quoted(answer + "\n\n" + HotPathRecords.BODY);
    }

    private static String quoted(String text) {
        return text.lines().map(line -> line.isEmpty() ? ">" : "> " + line).collect(Collectors.joining("\n"));
    }

    static String alternativeText() {
        return IntStream.rangeClosed(1, 6)
                .mapToObj(step -> "Step " + step + ": " + MIGRATION_STEP)
                .collect(Collectors.joining(
                        "\n\n", "Hello support,\n\n" + MIGRATION_INTRO + "\n\n", "\n\nThanks, Marta"));
    }

    static String alternativeHtml() {
        String steps = IntStream.rangeClosed(1, 6)
                .mapToObj(step ->
                        "<li><p style=\"margin:0 0 8px 0\"><b>Step " + step + ":</b> " + MIGRATION_STEP + "</p></li>")
                .collect(Collectors.joining("\n"));
        return "<!DOCTYPE html><html><head><meta charset=\"UTF-8\"><style>p{font-family:Arial}</style></head>"
                + "<body><div dir=\"ltr\"><p>Hello support,</p><p>" + MIGRATION_INTRO + "</p>\n<ol>" + steps
                + "</ol>\n<table border=\"1\" cellpadding=\"4\"><tr><th>Host</th><th>Role</th><th>Window</th></tr>"
                + "<tr><td>vps-fra1-2281</td><td>shop</td><td>Sun 06:00-08:00 UTC</td></tr>"
                + "<tr><td>db-fra1-0112</td><td>database</td><td>Sun 06:00-08:00 UTC</td></tr></table>"
                + "<p>Thanks, <a href=\"https://shop.example.com/team\">Marta</a></p>"
                + "<img src=\"https://tracker.example.net/open.gif?id=4472\" width=\"1\" height=\"1\">"
                + "</div></body></html>";
    }

    private static final String MIGRATION_INTRO = "we would like to move shop.example.com and its database to the new"
            + " cluster announced in your February newsletter. Below is the plan our team drafted; please tell us"
            + " whether it fits your process and which steps your staff can take over.";
    private static final String MIGRATION_STEP = "copy the document root and the uploads (about 40 GB) with rsync"
            + " while the old server keeps serving, then freeze writes for at most ten minutes, run the final"
            + " incremental sync and switch the DNS record with a TTL of 300 seconds lowered a day in advance.";

    /** A real PNG of random pixels (which do not compress), cut to size by its dimensions. */
    static byte[] screenshot() {
        // 120 x 142 RGB pixels of noise: 51,120 raw bytes plus the PNG framing, just above 50 KB.
        BufferedImage image = new BufferedImage(120, 142, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(4473);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream(SCREENSHOT_BYTES + 1024);
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }

    private static byte[] write(String messageId, String subject, Content content) {
        try {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
            message.setFrom(new InternetAddress(CUSTOMER, "Marta Lindqvist", "UTF-8"));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(SUPPORT, "Support", "UTF-8"));
            message.setRecipient(Message.RecipientType.CC, new InternetAddress("cto@shop.example.com", "Jonas Berg"));
            message.setSubject(subject, "UTF-8");
            message.setSentDate(Date.from(SENT));
            message.setHeader("Content-Language", "en-GB");
            message.setHeader("User-Agent", "Mozilla Thunderbird 140.2");
            content.fill(message);
            message.saveChanges();
            // saveChanges draws a Message-ID of its own; the mail keeps the fixed one.
            message.setHeader("Message-ID", "<" + messageId + ">");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("Cannot write the sample mail " + messageId, e);
        }
    }

    @FunctionalInterface
    private interface Content {
        void fill(MimeMessage message) throws MessagingException;
    }
}
