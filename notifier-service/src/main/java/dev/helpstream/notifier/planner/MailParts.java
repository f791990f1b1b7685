package dev.helpstream.notifier.planner;

import static dev.helpstream.notifier.planner.Placeholders.CATEGORY;
import static dev.helpstream.notifier.planner.Placeholders.CUSTOMER_EMAIL;
import static dev.helpstream.notifier.planner.Placeholders.CUSTOMER_NAME;
import static dev.helpstream.notifier.planner.Placeholders.DEPARTMENT_NAME;
import static dev.helpstream.notifier.planner.Placeholders.DUE;
import static dev.helpstream.notifier.planner.Placeholders.HELPDESK_NAME;
import static dev.helpstream.notifier.planner.Placeholders.LINK;
import static dev.helpstream.notifier.planner.Placeholders.PRIORITY;
import static dev.helpstream.notifier.planner.Placeholders.STATUS;
import static dev.helpstream.notifier.planner.Placeholders.TICKET_ID;
import static dev.helpstream.notifier.planner.Placeholders.TICKET_NUMBER;
import static dev.helpstream.notifier.planner.Placeholders.TICKET_SUBJECT;

import dev.helpstream.schema.Actor;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.config.SupportAddress;
import dev.helpstream.schema.ids.MailIds;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What every planned email shares: sender, Message-IDs, loop headers, subject tag, links and the
 * template values describing a ticket.
 */
final class MailParts {

    static final String X_LOOP = "X-Loop";
    static final String AUTO_SUBMITTED = "Auto-Submitted";
    static final String AUTO_REPLIED = "auto-replied";
    static final String AUTO_GENERATED = "auto-generated";

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private MailParts() {}

    /**
     * The Message-ID of a mail about the ticket, stable for {@code uniqueName}. Ticket ids that are
     * not UUIDs (none today) get an id that names no ticket rather than no mail at all.
     */
    static String messageId(String ticketId, String uniqueName, String domain) {
        try {
            return MailIds.outbound(ticketId, uniqueName, domain);
        } catch (IllegalArgumentException notATicketId) {
            return MailIds.outbound(ticketId + ":" + uniqueName, domain);
        }
    }

    /** The extra headers: the loop marker always, {@code Auto-Submitted} unless null. */
    static Map<String, String> headers(HelpdeskSettings settings, String autoSubmitted) {
        Map<String, String> headers = new TreeMap<>();
        headers.put(X_LOOP, MailIds.loopMarker(settings.getMessageIdDomain()));
        if (autoSubmitted != null) {
            headers.put(AUTO_SUBMITTED, autoSubmitted);
        }
        return headers;
    }

    /** {@code [#N] subject}: the tag routing threads replies by. */
    static String taggedSubject(long number, String subject) {
        String tag = "[#" + number + "]";
        return subject == null || subject.isBlank() ? tag : tag + " " + subject;
    }

    /** The portal and staff base URL: the settings' public URL if it is http(s), else the fallback. */
    static String baseUrl(HelpdeskSettings settings, NotificationTopology.Settings fallback) {
        String configured = settings.getPublicBaseUrl();
        String base = configured != null && (configured.startsWith("https://") || configured.startsWith("http://"))
                ? configured.strip()
                : fallback.portalUrl();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** The customer's page of the ticket. */
    static String customerLink(String baseUrl, String ticketId) {
        return baseUrl + "/portal/tickets/" + ticketId;
    }

    /** The staff page of the ticket. */
    static String staffLink(String baseUrl, String ticketId) {
        return baseUrl + "/staff/tickets/" + ticketId;
    }

    /**
     * The address the helpdesk writes from about the ticket: the support address it came in on,
     * else its department's address, else the department's first support address, else the
     * configured fallback.
     */
    static String fromAddress(NotifierConfig config, Ticket ticket, NotificationTopology.Settings fallback) {
        if (ticket.getSupportAddress() != null && !ticket.getSupportAddress().isBlank()) {
            return ticket.getSupportAddress();
        }
        Optional<String> departmentEmail = config.department(ticket.getDepartmentId())
                .map(Department::getEmail)
                .filter(email -> !email.isBlank());
        if (departmentEmail.isPresent()) {
            return departmentEmail.get();
        }
        return config.firstSupportAddressOf(ticket.getDepartmentId())
                .map(SupportAddress::getEmail)
                .orElse(fallback.fallbackFromAddress());
    }

    /** The name on notices: the support address's display name, else the helpdesk's name. */
    static String senderName(NotifierConfig config, String fromAddress, HelpdeskSettings settings) {
        return config.supportAddress(fromAddress)
                .map(SupportAddress::getDisplayName)
                .filter(name -> !name.isBlank())
                .orElse(settings.getHelpdeskName());
    }

    /** A contact's name for templates: the display name, else the address. */
    static String nameOf(Contact contact) {
        return contact.getDisplayName() == null || contact.getDisplayName().isBlank()
                ? contact.getEmail()
                : contact.getDisplayName();
    }

    /** An actor's name for templates: the display name, else the email, else the id. */
    static String nameOf(Actor actor) {
        if (actor.getDisplayName() != null && !actor.getDisplayName().isBlank()) {
            return actor.getDisplayName();
        }
        return actor.getEmail() != null && !actor.getEmail().isBlank() ? actor.getEmail() : actor.getId();
    }

    static String date(Instant instant) {
        return instant == null ? "—" : DATE.format(instant);
    }

    /** The values every ticket template can use, with {@code link} pointing at {@code link}. */
    static Map<String, String> ticketValues(
            NotifierConfig config, HelpdeskSettings settings, Ticket ticket, String link) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(HELPDESK_NAME, settings.getHelpdeskName());
        values.put(TICKET_ID, ticket.getTicketId());
        values.put(TICKET_NUMBER, Long.toString(ticket.getNumber()));
        values.put(TICKET_SUBJECT, ticket.getSubject());
        values.put(CUSTOMER_NAME, nameOf(ticket.getCustomer()));
        values.put(CUSTOMER_EMAIL, ticket.getCustomer().getEmail());
        values.put(DEPARTMENT_NAME, config.departmentName(ticket.getDepartmentId()));
        values.put(STATUS, config.statusName(ticket.getStatusId()));
        values.put(PRIORITY, config.priorityName(ticket.getPriorityId()));
        values.put(CATEGORY, ticket.getCategoryId() == null ? "—" : config.categoryName(ticket.getCategoryId()));
        values.put(DUE, date(ticket.getDueAt()));
        values.put(LINK, link);
        return values;
    }
}
