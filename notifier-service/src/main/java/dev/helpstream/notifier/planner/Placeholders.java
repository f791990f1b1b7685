package dev.helpstream.notifier.planner;

import java.util.Set;

/**
 * The names the email templates can use, with what they hold. Values that do not apply to a
 * notification (a signature on a notice, a previous status on a reply) render empty.
 *
 * <ul>
 *   <li>{@code helpdesk.name}: the helpdesk settings' name
 *   <li>{@code ticket.id}, {@code ticket.number}, {@code ticket.subject}: the ticket (the number
 *       without '#')
 *   <li>{@code customer.name}, {@code customer.email}: the ticket's customer (name falls back to the
 *       address)
 *   <li>{@code department.name}: the ticket's department after the event;
 *       {@code previous.department.name} before a transfer
 *   <li>{@code agent.name}: the replying agent on a staff reply, the recipient on agent emails
 *   <li>{@code actor.name}: who caused the event
 *   <li>{@code message.text}: the reply, first message or note, as plain text
 *   <li>{@code signature}: on staff replies, the signature block (blank line, "-- ", signature)
 *       or empty
 *   <li>{@code link}: the customer's ticket page, the staff ticket page on agent emails, the magic
 *       link on a portal-link email
 *   <li>{@code status}, {@code priority}, {@code category}, {@code due}: the ticket's values
 *       (display names; the due date as {@code yyyy-MM-dd HH:mm UTC}, "—" when none);
 *       {@code previous.status}, {@code previous.priority}, {@code previous.category}, {@code
 *       previous.due}: the values before the change
 *   <li>{@code reason}: the note of a close or the reason of a transfer
 *   <li>{@code address}: the other support address an email was also sent to
 *   <li>{@code expires}: when a portal link expires
 *   <li>{@code assignee.name}: on SLA emails, the ticket's assignee ("—" when unassigned)
 *   <li>{@code sla.metric}: on SLA emails, the target in words ("first response", "status
 *       “Resolved”"...), in the email's language
 *   <li>{@code sla.policy}: on SLA emails, the SLA policy's name
 *   <li>{@code sla.due}: on SLA emails, when the target is due, {@code yyyy-MM-dd HH:mm (zone)} in
 *       the policy calendar's time zone (UTC without a calendar)
 *   <li>{@code sla.remaining}: on SLA emails, the business time left or past due in words ("1 h
 *       30 min left", "overdue by 5 min"), in the email's language
 *   <li>{@code inactive.since}: on the closed email of a ticket closed for inactivity, the last
 *       activity before the close ({@code yyyy-MM-dd HH:mm UTC})
 *   <li>{@code reopen.until}: on the closed email of a ticket closed for inactivity, until when a
 *       reply reopens it ({@code yyyy-MM-dd HH:mm UTC}; empty when the reopen window is 0 or -1)
 * </ul>
 */
final class Placeholders {

    static final String HELPDESK_NAME = "helpdesk.name";
    static final String TICKET_ID = "ticket.id";
    static final String TICKET_NUMBER = "ticket.number";
    static final String TICKET_SUBJECT = "ticket.subject";
    static final String CUSTOMER_NAME = "customer.name";
    static final String CUSTOMER_EMAIL = "customer.email";
    static final String DEPARTMENT_NAME = "department.name";
    static final String PREVIOUS_DEPARTMENT_NAME = "previous.department.name";
    static final String AGENT_NAME = "agent.name";
    static final String ACTOR_NAME = "actor.name";
    static final String MESSAGE_TEXT = "message.text";
    static final String SIGNATURE = "signature";
    static final String LINK = "link";
    static final String STATUS = "status";
    static final String PREVIOUS_STATUS = "previous.status";
    static final String PRIORITY = "priority";
    static final String PREVIOUS_PRIORITY = "previous.priority";
    static final String CATEGORY = "category";
    static final String PREVIOUS_CATEGORY = "previous.category";
    static final String DUE = "due";
    static final String PREVIOUS_DUE = "previous.due";
    static final String REASON = "reason";
    static final String ADDRESS = "address";
    static final String EXPIRES = "expires";
    static final String ASSIGNEE_NAME = "assignee.name";
    static final String SLA_METRIC = "sla.metric";
    static final String SLA_POLICY = "sla.policy";
    static final String SLA_DUE = "sla.due";
    static final String SLA_REMAINING = "sla.remaining";
    static final String INACTIVE_SINCE = "inactive.since";
    static final String REOPEN_UNTIL = "reopen.until";

    static final Set<String> KNOWN = Set.of(
            HELPDESK_NAME,
            TICKET_ID,
            TICKET_NUMBER,
            TICKET_SUBJECT,
            CUSTOMER_NAME,
            CUSTOMER_EMAIL,
            DEPARTMENT_NAME,
            PREVIOUS_DEPARTMENT_NAME,
            AGENT_NAME,
            ACTOR_NAME,
            MESSAGE_TEXT,
            SIGNATURE,
            LINK,
            STATUS,
            PREVIOUS_STATUS,
            PRIORITY,
            PREVIOUS_PRIORITY,
            CATEGORY,
            PREVIOUS_CATEGORY,
            DUE,
            PREVIOUS_DUE,
            REASON,
            ADDRESS,
            EXPIRES,
            ASSIGNEE_NAME,
            SLA_METRIC,
            SLA_POLICY,
            SLA_DUE,
            SLA_REMAINING,
            INACTIVE_SINCE,
            REOPEN_UNTIL);

    private Placeholders() {}
}
