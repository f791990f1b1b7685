package dev.helpstream.ingest.mail;

import dev.helpstream.schema.AutomationIndicators;
import dev.helpstream.schema.ids.MailIds;
import java.util.Locale;
import java.util.Set;

/**
 * Reads from a received mail's headers whether a machine sent it, so that routing-stream can
 * refuse to answer it (no auto-reply to an auto-reply, no ticket from a bounce, no loop).
 *
 * <p>Output: the {@link AutomationIndicators} of the inbound record. {@code autoSubmitted} is the
 * Auto-Submitted value unless it is "no" (RFC 3834), or "auto-generated" for a report other than a
 * delivery status (a read receipt); {@code precedence}, {@code autoResponseSuppress} and {@code
 * listId} are the header values; {@code bounce} is set for a delivery status report, an empty
 * return path ({@code <>}, from the SMTP envelope or the Return-Path field) or a sender whose local
 * part is mailer-daemon or postmaster; {@code loopDetected} when an X-Loop field carries this
 * helpdesk's marker ({@link MailIds#loopMarker}) or the Message-ID is one the helpdesk generated
 * ({@link MailIds#isGenerated}). Pure.
 */
final class AutomationSignals {

    private static final Set<String> DAEMONS = Set.of("mailer-daemon", "postmaster");
    private static final int MAX_VALUE_CHARS = 200;

    private AutomationSignals() {}

    /**
     * @param headers the message's header fields
     * @param envelopeSender the SMTP reverse path ({@code ""} for {@code <>}), or null when the mail
     *     was not received over SMTP
     * @param senderEmail the sender's address as read (From or its fallbacks)
     * @param messageId the message's own id, without angle brackets
     * @param reportType the {@code report-type} of a top-level multipart/report, lower-case, or null
     * @param messageIdDomain the domain of the helpdesk's own Message-IDs and loop marker
     */
    static AutomationIndicators of(
            MailHeaders headers,
            String envelopeSender,
            String senderEmail,
            String messageId,
            String reportType,
            String messageIdDomain) {
        String autoSubmitted = value(headers.decoded("Auto-Submitted"));
        if (autoSubmitted != null && autoSubmitted.split(";", 2)[0].strip().equalsIgnoreCase("no")) {
            autoSubmitted = null;
        }
        boolean deliveryReport = "delivery-status".equals(reportType);
        if (autoSubmitted == null && reportType != null && !deliveryReport) {
            autoSubmitted = "auto-generated";
        }
        return AutomationIndicators.newBuilder()
                .setAutoSubmitted(autoSubmitted)
                .setPrecedence(value(headers.decoded("Precedence")))
                .setAutoResponseSuppress(value(headers.decoded("X-Auto-Response-Suppress")))
                .setListId(value(headers.decoded("List-Id")))
                .setBounce(deliveryReport
                        || "".equals(envelopeSender)
                        || isNullPath(headers.first("Return-Path"))
                        || isDaemon(senderEmail))
                .setLoopDetected(carriesOurLoopMarker(headers, messageIdDomain)
                        || MailIds.isGenerated(messageId, messageIdDomain))
                .build();
    }

    private static boolean carriesOurLoopMarker(MailHeaders headers, String domain) {
        String marker = MailIds.loopMarker(domain);
        return headers.all("X-Loop").stream()
                .flatMap(value -> java.util.Arrays.stream(value.split(",")))
                .map(value -> value.strip().replaceAll("^<|>$", ""))
                .anyMatch(marker::equalsIgnoreCase);
    }

    private static boolean isNullPath(String returnPath) {
        return returnPath != null && returnPath.replaceAll("\\s", "").equals("<>");
    }

    private static boolean isDaemon(String email) {
        if (email == null) {
            return false;
        }
        int at = email.lastIndexOf('@');
        String local = (at < 0 ? email : email.substring(0, at)).toLowerCase(Locale.ROOT);
        return DAEMONS.contains(local);
    }

    private static String value(String decoded) {
        if (decoded == null || decoded.isBlank()) {
            return null;
        }
        return decoded.length() > MAX_VALUE_CHARS ? decoded.substring(0, MAX_VALUE_CHARS) : decoded;
    }
}
