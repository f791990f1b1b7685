package dev.helpstream.gateway.security;

import dev.helpstream.schema.Contact;
import dev.helpstream.schema.Ticket;
import java.util.Locale;
import java.util.Set;

/**
 * Who may see and act on which ticket: the one authorization policy of the ticket endpoints, views,
 * search, SSE and attachments. Input: the {@link Caller} of a request and a ticket snapshot.
 * Invariant: a null caller (anonymous) may do nothing, and every rule answers from the caller and
 * the ticket alone, so a view filter ({@link #allowedDepartments}) and a per-ticket check
 * ({@link #canRead}) never disagree.
 *
 * <ul>
 *   <li>admins: every ticket and the configuration;
 *   <li>agents: tickets of the departments they belong to;
 *   <li>customers: tickets where they are the customer or a CC, never internal notes;
 *   <li>integrations (API keys): within their scopes.
 * </ul>
 */
public final class TicketAccess {

    private TicketAccess() {}

    /** Whether the caller may see the ticket and its customer-visible conversation. */
    public static boolean canRead(Caller caller, Ticket ticket) {
        if (caller == null || ticket == null) {
            return false;
        }
        return switch (caller.kind()) {
            case ADMIN -> true;
            case AGENT -> inDepartments(caller, ticket);
            case CUSTOMER -> isParty(caller, ticket);
            case INTEGRATION -> caller.hasScope(Caller.SCOPE_TICKETS_READ);
        };
    }

    /**
     * Whether the caller may send commands for the ticket. For customers this only says the ticket
     * is theirs; which commands they may send (reply unless closed, reopen within the window) is
     * routing-stream's decision.
     */
    public static boolean canAct(Caller caller, Ticket ticket) {
        if (caller == null || ticket == null) {
            return false;
        }
        return switch (caller.kind()) {
            case ADMIN -> true;
            case AGENT -> inDepartments(caller, ticket);
            case CUSTOMER -> isParty(caller, ticket);
            case INTEGRATION -> caller.hasScope(Caller.SCOPE_TICKETS_WRITE);
        };
    }

    /** Whether internal notes are shown to the caller: staff, and integrations that may read tickets. */
    public static boolean seesNotes(Caller caller) {
        if (caller == null) {
            return false;
        }
        return switch (caller.kind()) {
            case ADMIN, AGENT -> true;
            case CUSTOMER -> false;
            case INTEGRATION -> caller.hasScope(Caller.SCOPE_TICKETS_READ);
        };
    }

    /**
     * The departments whose tickets a staff view may list for the caller: null when the department
     * does not restrict it (admins, integrations with {@value Caller#SCOPE_TICKETS_READ}, and
     * customers, whom views restrict by their email instead); an agent's departments; an empty set
     * for an anonymous caller or an integration without the read scope (nothing).
     */
    public static Set<String> allowedDepartments(Caller caller) {
        if (caller == null) {
            return Set.of();
        }
        return switch (caller.kind()) {
            case ADMIN, CUSTOMER -> null;
            case AGENT -> caller.departmentIds();
            case INTEGRATION -> caller.hasScope(Caller.SCOPE_TICKETS_READ) ? null : Set.of();
        };
    }

    /**
     * Whether the caller may read ({@code write} false) or change ({@code write} true) the
     * configuration: admins, and integrations with {@value Caller#SCOPE_CONFIG_READ} or {@value
     * Caller#SCOPE_CONFIG_WRITE}. A key that may write may also read, since every write answers
     * with the entity written.
     */
    public static boolean canAdminister(Caller caller, boolean write) {
        if (caller == null) {
            return false;
        }
        return switch (caller.kind()) {
            case ADMIN -> true;
            case AGENT, CUSTOMER -> false;
            case INTEGRATION ->
                caller.hasScope(Caller.SCOPE_CONFIG_WRITE) || (!write && caller.hasScope(Caller.SCOPE_CONFIG_READ));
        };
    }

    /** An email address as the gateway compares them: trimmed, lower case. */
    public static String normalizeEmail(String email) {
        return email == null ? null : email.strip().toLowerCase(Locale.ROOT);
    }

    private static boolean inDepartments(Caller caller, Ticket ticket) {
        return ticket.getDepartmentId() != null && caller.departmentIds().contains(ticket.getDepartmentId());
    }

    private static boolean isParty(Caller caller, Ticket ticket) {
        String email = normalizeEmail(caller.email());
        if (email == null || email.isEmpty()) {
            return false;
        }
        if (ticket.getCustomer() != null
                && email.equals(normalizeEmail(ticket.getCustomer().getEmail()))) {
            return true;
        }
        for (Contact cc : ticket.getCc()) {
            if (email.equals(normalizeEmail(cc.getEmail()))) {
                return true;
            }
        }
        return false;
    }
}
