package dev.helpstream.gateway.tickets;

import dev.helpstream.gateway.json.FieldError;
import dev.helpstream.gateway.security.Caller;
import dev.helpstream.gateway.security.TicketAccess;
import dev.helpstream.gateway.sla.SlaSummary;
import dev.helpstream.gateway.view.SortField;
import dev.helpstream.gateway.view.ViewQuery;
import dev.helpstream.gateway.web.ApiProblem;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.Ticket;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.util.MultiValueMap;

/**
 * Turns the query string of a view request into a {@link ViewQuery} restricted to what the caller
 * may see, and tells whether a changed ticket belongs to such a view (for the live streams).
 *
 * <p>Named views: {@code open} (not resolved or closed), {@code mine} (open and assigned to the
 * caller), {@code team} (open, in the caller's departments), {@code unassigned} (open, nobody
 * assigned), {@code late} (not closed, with an SLA target breached or at risk; earliest due first),
 * {@code all} (everything, closed included: the history). Filters narrow any view: {@code status},
 * {@code priority}, {@code category}, {@code type}, {@code assignee}, {@code department}, {@code
 * service}, {@code tag} (each repeatable), {@code customer}; {@code sort} one of number, created,
 * updated, status, priority, customer, slaDue; {@code order} asc or desc (default desc, asc for
 * slaDue); {@code cursor} and {@code limit} (1-200, default 50).
 */
final class ViewRequests {

    static final Set<String> VIEWS = Set.of("open", "mine", "team", "unassigned", "late", "all");
    static final Set<LifecycleState> OPEN =
            EnumSet.of(LifecycleState.NEW, LifecycleState.OPEN, LifecycleState.WAITING_ON_CUSTOMER);
    static final Set<LifecycleState> NOT_CLOSED = EnumSet.complementOf(EnumSet.of(LifecycleState.CLOSED));

    private static final String SORTS = "one of number, created, updated, status, priority, customer, slaDue";

    private ViewRequests() {}

    static ViewQuery staff(Caller caller, String view, MultiValueMap<String, String> params) {
        if (!VIEWS.contains(view)) {
            throw ApiProblem.notFound("no view '" + view + "'; views are "
                    + String.join(", ", VIEWS.stream().sorted().toList()));
        }
        Set<String> allowed = TicketAccess.allowedDepartments(caller);
        Set<LifecycleState> lifecycles = switch (view) {
            case "all" -> lifecycles(params);
            case "late" -> NOT_CLOSED;
            default -> OPEN;
        };
        boolean late = view.equals("late");
        SortField sort = sort(params.getFirst("sort"), late ? SortField.SLA_DUE : SortField.UPDATED);
        Set<String> assignees = set(params, "assignee");
        Set<String> departments = set(params, "department");
        if (view.equals("mine")) {
            assignees = Set.of(caller.id());
        }
        if (view.equals("team")) {
            departments = departments.isEmpty() ? caller.departmentIds() : departments;
        }
        return new ViewQuery(
                allowed,
                customer(params.getFirst("customer")),
                lifecycles,
                set(params, "status"),
                set(params, "priority"),
                set(params, "category"),
                set(params, "type"),
                assignees,
                view.equals("unassigned"),
                departments,
                set(params, "service"),
                set(params, "tag"),
                flag(params, "includeSpam"),
                false,
                false,
                sort,
                descending(params.getFirst("order"), sort),
                params.getFirst("cursor"),
                limit(params.getFirst("limit")),
                late);
    }

    /** Every ticket of one customer: the staff "customer record", or a customer's own list. */
    static ViewQuery customerRecord(
            Set<String> allowedDepartments, String email, MultiValueMap<String, String> params) {
        SortField sort = sort(params.getFirst("sort"), SortField.UPDATED);
        return new ViewQuery(
                allowedDepartments,
                customer(email),
                lifecycles(params),
                Set.of(),
                Set.of(),
                Set.of(),
                Set.of(),
                Set.of(),
                false,
                Set.of(),
                Set.of(),
                Set.of(),
                false,
                false,
                false,
                sort,
                descending(params.getFirst("order"), sort),
                params.getFirst("cursor"),
                limit(params.getFirst("limit")),
                false);
    }

    /**
     * Whether the ticket, with this SLA summary (null for none), satisfies the query's restrictions
     * and filters (cursor and sort aside).
     */
    static boolean matches(ViewQuery query, Ticket ticket, SlaSummary sla) {
        if (query.lateOnly() && (sla == null || !sla.late())) {
            return false;
        }
        if (query.allowedDepartmentIds() != null
                && !query.allowedDepartmentIds().contains(ticket.getDepartmentId())) {
            return false;
        }
        if (query.customerEmail() != null
                && !query.customerEmail().equalsIgnoreCase(ticket.getCustomer().getEmail())) {
            return false;
        }
        if ((!query.includeSpam() && ticket.getSpam())
                || (!query.includeDeleted() && ticket.getDeleted())
                || (!query.includeMerged() && ticket.getMergedIntoTicketId() != null)) {
            return false;
        }
        return within(query.lifecycles(), ticket.getLifecycle())
                && within(query.statusIds(), ticket.getStatusId())
                && within(query.priorityIds(), ticket.getPriorityId())
                && within(query.categoryIds(), ticket.getCategoryId())
                && within(query.typeIds(), ticket.getTypeId())
                && within(query.assigneeIds(), ticket.getAssigneeId())
                && (!query.unassignedOnly() || ticket.getAssigneeId() == null)
                && within(query.departmentIds(), ticket.getDepartmentId())
                && within(query.serviceIds(), ticket.getServiceId())
                && (query.tags().isEmpty() || ticket.getTags().stream().anyMatch(query.tags()::contains));
    }

    private static <T> boolean within(Set<T> allowed, T value) {
        return allowed.isEmpty() || (value != null && allowed.contains(value));
    }

    private static Set<LifecycleState> lifecycles(MultiValueMap<String, String> params) {
        Set<LifecycleState> states = EnumSet.noneOf(LifecycleState.class);
        for (String value : values(params, "lifecycle")) {
            try {
                states.add(LifecycleState.valueOf(value.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badRequest(
                        "unknown lifecycle state",
                        List.of(new FieldError("lifecycle", "one of " + List.of(LifecycleState.values()))));
            }
        }
        return states;
    }

    private static SortField sort(String value, SortField fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        // slaDue, sla_due and SLA_DUE all name SortField.SLA_DUE.
        String wanted = value.strip().replace("_", "");
        for (SortField field : SortField.values()) {
            if (field.name().replace("_", "").equalsIgnoreCase(wanted)) {
                return field;
            }
        }
        throw ApiProblem.badRequest("unknown sort", List.of(new FieldError("sort", SORTS)));
    }

    /** Descending unless asked otherwise; the SLA due sort reads best soonest first, so ascending. */
    private static boolean descending(String order, SortField sort) {
        if (order == null || order.isBlank()) {
            return sort != SortField.SLA_DUE;
        }
        return !"asc".equalsIgnoreCase(order.strip());
    }

    private static int limit(String value) {
        if (value == null || value.isBlank()) {
            return 50;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= 200) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiProblem.badRequest(
                "limit out of range", List.of(new FieldError("limit", "must be between 1 and 200")));
    }

    private static String customer(String email) {
        return email == null || email.isBlank() ? null : email.strip().toLowerCase(Locale.ROOT);
    }

    private static boolean flag(MultiValueMap<String, String> params, String name) {
        return "true".equalsIgnoreCase(params.getFirst(name));
    }

    private static Set<String> set(MultiValueMap<String, String> params, String name) {
        return Set.copyOf(values(params, name));
    }

    private static List<String> values(MultiValueMap<String, String> params, String name) {
        List<String> raw = params.get(name);
        if (raw == null) {
            return List.of();
        }
        Set<String> values = new HashSet<>();
        for (String value : raw) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    values.add(part.strip());
                }
            }
        }
        return List.copyOf(values);
    }
}
