package dev.helpstream.gateway.view;

import dev.helpstream.schema.LifecycleState;
import java.util.Collection;
import java.util.Set;

/**
 * A view of the tickets: permission restrictions, filters, sort and one page. All restrictions and
 * filters combine with AND; an empty filter set means "any" (a null one too). Spam, deleted and
 * merged tickets are left out unless asked for.
 *
 * @param allowedDepartmentIds null for no restriction (admins, integrations); otherwise only
 *     tickets of these departments (an empty set finds nothing)
 * @param customerEmail non-null: only this customer's tickets (customers, and the staff's customer
 *     record); compared trimmed and lower-case
 * @param lifecycles only tickets in one of these lifecycle states
 * @param statusIds only tickets with one of these statuses
 * @param priorityIds only tickets with one of these priorities
 * @param categoryIds only tickets with one of these categories
 * @param typeIds only tickets with one of these types
 * @param assigneeIds only tickets assigned to one of these agents
 * @param unassignedOnly only tickets nobody is assigned to (with {@code assigneeIds} as well: none)
 * @param departmentIds only tickets of one of these departments
 * @param serviceIds only tickets of one of these services
 * @param tags only tickets with at least one of these tags
 * @param includeSpam include tickets marked as spam
 * @param includeDeleted include soft-deleted tickets
 * @param includeMerged include tickets merged into another
 * @param sort the sort field; null sorts by number
 * @param descending sort direction (of the tie-breaking number too)
 * @param cursor the {@link TicketPage#nextCursor()} of the previous page; null for the first page
 * @param limit page size, {@value #MIN_LIMIT} to {@value #MAX_LIMIT}
 * @param lateOnly only tickets with an SLA target breached or at risk (warned, not met, clock
 *     running)
 */
public record ViewQuery(
        Set<String> allowedDepartmentIds,
        String customerEmail,
        Set<LifecycleState> lifecycles,
        Set<String> statusIds,
        Set<String> priorityIds,
        Set<String> categoryIds,
        Set<String> typeIds,
        Set<String> assigneeIds,
        boolean unassignedOnly,
        Set<String> departmentIds,
        Set<String> serviceIds,
        Set<String> tags,
        boolean includeSpam,
        boolean includeDeleted,
        boolean includeMerged,
        SortField sort,
        boolean descending,
        String cursor,
        int limit,
        boolean lateOnly) {

    public static final int MIN_LIMIT = 1;
    public static final int MAX_LIMIT = 200;

    public ViewQuery {
        if (limit < MIN_LIMIT || limit > MAX_LIMIT) {
            throw new IllegalArgumentException(
                    "limit must be between " + MIN_LIMIT + " and " + MAX_LIMIT + ", was " + limit);
        }
        allowedDepartmentIds = allowedDepartmentIds == null ? null : Set.copyOf(allowedDepartmentIds);
        lifecycles = orEmpty(lifecycles);
        statusIds = orEmpty(statusIds);
        priorityIds = orEmpty(priorityIds);
        categoryIds = orEmpty(categoryIds);
        typeIds = orEmpty(typeIds);
        assigneeIds = orEmpty(assigneeIds);
        departmentIds = orEmpty(departmentIds);
        serviceIds = orEmpty(serviceIds);
        tags = orEmpty(tags);
        sort = sort == null ? SortField.NUMBER : sort;
    }

    /** A builder starting from: everything visible, no filters, number descending, 50 per page. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this query. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** This query for the page after the given cursor. */
    public ViewQuery withCursor(String nextCursor) {
        return toBuilder().cursor(nextCursor).build();
    }

    private static <T> Set<T> orEmpty(Set<T> values) {
        return values == null ? Set.of() : Set.copyOf(values);
    }

    /** Builds a {@link ViewQuery}; every setter replaces the previous value. */
    public static final class Builder {

        private Set<String> allowedDepartmentIds;
        private String customerEmail;
        private Set<LifecycleState> lifecycles = Set.of();
        private Set<String> statusIds = Set.of();
        private Set<String> priorityIds = Set.of();
        private Set<String> categoryIds = Set.of();
        private Set<String> typeIds = Set.of();
        private Set<String> assigneeIds = Set.of();
        private boolean unassignedOnly;
        private Set<String> departmentIds = Set.of();
        private Set<String> serviceIds = Set.of();
        private Set<String> tags = Set.of();
        private boolean includeSpam;
        private boolean includeDeleted;
        private boolean includeMerged;
        private SortField sort = SortField.NUMBER;
        private boolean descending = true;
        private String cursor;
        private int limit = 50;
        private boolean lateOnly;

        private Builder() {}

        private Builder(ViewQuery query) {
            allowedDepartmentIds = query.allowedDepartmentIds();
            customerEmail = query.customerEmail();
            lifecycles = query.lifecycles();
            statusIds = query.statusIds();
            priorityIds = query.priorityIds();
            categoryIds = query.categoryIds();
            typeIds = query.typeIds();
            assigneeIds = query.assigneeIds();
            unassignedOnly = query.unassignedOnly();
            departmentIds = query.departmentIds();
            serviceIds = query.serviceIds();
            tags = query.tags();
            includeSpam = query.includeSpam();
            includeDeleted = query.includeDeleted();
            includeMerged = query.includeMerged();
            sort = query.sort();
            descending = query.descending();
            cursor = query.cursor();
            limit = query.limit();
            lateOnly = query.lateOnly();
        }

        /** Null for no restriction; otherwise only these departments. */
        public Builder allowedDepartmentIds(Collection<String> ids) {
            allowedDepartmentIds = ids == null ? null : Set.copyOf(ids);
            return this;
        }

        public Builder customerEmail(String email) {
            customerEmail = email;
            return this;
        }

        public Builder lifecycles(Collection<LifecycleState> states) {
            lifecycles = Set.copyOf(states);
            return this;
        }

        public Builder statusIds(Collection<String> ids) {
            statusIds = Set.copyOf(ids);
            return this;
        }

        public Builder priorityIds(Collection<String> ids) {
            priorityIds = Set.copyOf(ids);
            return this;
        }

        public Builder categoryIds(Collection<String> ids) {
            categoryIds = Set.copyOf(ids);
            return this;
        }

        public Builder typeIds(Collection<String> ids) {
            typeIds = Set.copyOf(ids);
            return this;
        }

        public Builder assigneeIds(Collection<String> ids) {
            assigneeIds = Set.copyOf(ids);
            return this;
        }

        public Builder unassignedOnly(boolean only) {
            unassignedOnly = only;
            return this;
        }

        public Builder departmentIds(Collection<String> ids) {
            departmentIds = Set.copyOf(ids);
            return this;
        }

        public Builder serviceIds(Collection<String> ids) {
            serviceIds = Set.copyOf(ids);
            return this;
        }

        public Builder tags(Collection<String> anyOf) {
            tags = Set.copyOf(anyOf);
            return this;
        }

        public Builder includeSpam(boolean include) {
            includeSpam = include;
            return this;
        }

        public Builder includeDeleted(boolean include) {
            includeDeleted = include;
            return this;
        }

        public Builder includeMerged(boolean include) {
            includeMerged = include;
            return this;
        }

        public Builder sort(SortField field, boolean descendingOrder) {
            sort = field;
            descending = descendingOrder;
            return this;
        }

        public Builder cursor(String nextCursor) {
            cursor = nextCursor;
            return this;
        }

        public Builder limit(int pageSize) {
            limit = pageSize;
            return this;
        }

        public Builder lateOnly(boolean only) {
            lateOnly = only;
            return this;
        }

        /** @throws IllegalArgumentException when the limit is out of range */
        public ViewQuery build() {
            return new ViewQuery(
                    allowedDepartmentIds,
                    customerEmail,
                    lifecycles,
                    statusIds,
                    priorityIds,
                    categoryIds,
                    typeIds,
                    assigneeIds,
                    unassignedOnly,
                    departmentIds,
                    serviceIds,
                    tags,
                    includeSpam,
                    includeDeleted,
                    includeMerged,
                    sort,
                    descending,
                    cursor,
                    limit,
                    lateOnly);
        }
    }
}
