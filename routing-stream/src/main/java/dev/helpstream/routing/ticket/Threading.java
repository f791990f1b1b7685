package dev.helpstream.routing.ticket;

import dev.helpstream.schema.InboundMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a message names the ticket it belongs to: the ticket number tag in the subject ({@code
 * [#10234]}) and the email threading headers.
 */
public final class Threading {

    private static final Pattern TAG = Pattern.compile("\\[#(\\d{1,18})]");

    private Threading() {}

    /** The ticket number in the subject's {@code [#N]} tag, if any (the first tag wins). */
    public static OptionalLong subjectTicketNumber(String subject) {
        if (subject == null) {
            return OptionalLong.empty();
        }
        Matcher matcher = TAG.matcher(subject);
        return matcher.find() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
    }

    /** The subject without ticket tags and the white space they leave. */
    public static String withoutTicketTag(String subject) {
        return TAG.matcher(subject).replaceAll("").replaceAll("\\s{2,}", " ").trim();
    }

    /** The subject as Helpstream sends it for a ticket: {@code [#N] subject}. */
    public static String tagged(long number, String subject) {
        return "[#" + number + "] " + subject;
    }

    /**
     * The Message-IDs a reply points to, the closest first: In-Reply-To, then References from the
     * newest (last) to the oldest.
     */
    public static List<String> referencedMessageIds(InboundMessage message) {
        List<String> ids = new ArrayList<>();
        if (message.getInReplyTo() != null && !message.getInReplyTo().isBlank()) {
            ids.add(message.getInReplyTo().trim());
        }
        List<String> references = message.getReferences();
        for (int i = references.size() - 1; i >= 0; i--) {
            String id = references.get(i).trim();
            if (!id.isEmpty() && !ids.contains(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** Addresses compare case-insensitively (the local part too, as every mainstream provider does). */
    public static String normalizeAddress(String email) {
        return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    }
}
