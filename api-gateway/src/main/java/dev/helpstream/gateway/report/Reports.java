package dev.helpstream.gateway.report;

import dev.helpstream.gateway.ConfigView;
import dev.helpstream.gateway.security.Caller;
import dev.helpstream.gateway.security.TicketAccess;
import dev.helpstream.gateway.web.ApiProblem;
import dev.helpstream.schema.config.Department;
import dev.helpstream.support.config.ConfigEntities;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Answers a report request from the pre-aggregated days of {@link ReportFigures}: rows per
 * department and span, never a look at a ticket.
 *
 * <p>Who sees what: admins every department; agents the departments they belong to (as {@link
 * TicketAccess} decides for tickets); API keys with {@value Caller#SCOPE_TICKETS_READ} every
 * department; nobody else anything. Which departments: the one asked for, else every department the
 * caller may see that is active in the configuration or has figures in the range, sorted by id;
 * each gets a row for every span of the range, zeros included, so rows line up across departments.
 * While the store is still reading the topic, or stopped reading it, the answer is a 503 (with
 * {@code Retry-After} only while it reads: a stopped reader stays stopped until a restart): a
 * report from half the days would be wrong, not late.
 */
@Component
class Reports {

    private final ReportFigures days;
    private final Supplier<ConfigEntities> config;

    @Autowired
    Reports(ReportFigures days, ConfigView config) {
        this(days, config::snapshot);
    }

    Reports(ReportFigures days, Supplier<ConfigEntities> config) {
        this.days = days;
        this.config = config;
    }

    /**
     * The rows of the report, department by department, span by span.
     *
     * @throws ApiProblem 403 when the caller may not see the reports or the department asked for,
     *     404 when that department is unknown, 503 while the figures are not all read
     */
    List<ReportRow> rows(Caller caller, ReportRequest request) {
        Set<String> allowed = allowedDepartments(caller);
        ReportFigures.Availability availability = days.availability();
        if (availability == ReportFigures.Availability.STOPPED) {
            // For good, until the gateway restarts: no Retry-After, or a client would poll it forever.
            throw new ApiProblem(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    null,
                    "The report figures are not being read; the gateway's log says why.",
                    List.of());
        }
        if (availability != ReportFigures.Availability.READY) {
            ApiProblem loading = new ApiProblem(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    null,
                    "The report figures are still being read; retry in a moment.",
                    List.of());
            loading.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
            throw loading;
        }
        ConfigEntities current = config.get();
        Set<String> departments = new TreeSet<>();
        if (request.departmentId() != null) {
            String id = request.departmentId();
            if (allowed != null && !allowed.contains(id)) {
                throw ApiProblem.forbidden("You may not see the reports of department " + id + ".");
            }
            if (current.get(Department.class, id).isEmpty() && !days.hasFigures(id)) {
                throw ApiProblem.notFound("There is no department " + id + ".");
            }
            departments.add(id);
        } else {
            current.all(Department.class).forEach((id, department) -> {
                if (department.getActive()) {
                    departments.add(id);
                }
            });
            departments.addAll(days.departmentsWithFigures(request.from(), request.to()));
            if (allowed != null) {
                departments.retainAll(allowed);
            }
        }
        List<ReportPeriod.Span> spans = request.period().spans(request.from(), request.to());
        List<ReportRow> rows = new ArrayList<>(departments.size() * spans.size());
        for (String department : departments) {
            for (ReportPeriod.Span span : spans) {
                rows.add(ReportRow.of(department, span, days.days(department, span.from(), span.to())));
            }
        }
        return rows;
    }

    /** The departments the caller may see; null for all of them. */
    private static Set<String> allowedDepartments(Caller caller) {
        if (caller == null) {
            throw ApiProblem.forbidden("Reports are for staff.");
        }
        return switch (caller.kind()) {
            case ADMIN -> null;
            case AGENT -> caller.departmentIds();
            case INTEGRATION -> {
                if (!caller.hasScope(Caller.SCOPE_TICKETS_READ)) {
                    throw ApiProblem.forbidden("Reading reports needs the scope " + Caller.SCOPE_TICKETS_READ + ".");
                }
                yield null;
            }
            case CUSTOMER -> throw ApiProblem.forbidden("Reports are for staff.");
        };
    }
}
