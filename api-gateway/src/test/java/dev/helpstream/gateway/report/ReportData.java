package dev.helpstream.gateway.report;

import dev.helpstream.gateway.ConfigWriter;
import dev.helpstream.gateway.security.Caller;
import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.DurationCount;
import dev.helpstream.schema.ReportDay;
import dev.helpstream.schema.config.Department;
import dev.helpstream.sla.report.ReportDays;
import dev.helpstream.support.config.ConfigEntities;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fixed data set of the report tests, counted by hand in {@code ReportsTest}: support has
 * figures on Tuesday 3 (outside the range asked), Wednesday 4, Sunday 8 and Monday 9 March 2026 and
 * on the 18th (outside); legacy, a department no longer configured, on the 10th; billing is
 * configured and active without figures; sales is configured but inactive.
 */
final class ReportData {

    static final Caller ADMIN = new Caller(Caller.Kind.ADMIN, "admin", "Admin", null, Set.of(), Set.of());
    static final Caller SUPPORT_AGENT =
            new Caller(Caller.Kind.AGENT, "ana", "Ana", "ana@helpdesk.test", Set.of("support"), Set.of());
    static final Caller READER =
            new Caller(Caller.Kind.INTEGRATION, "bi", "BI", null, Set.of(), Set.of(Caller.SCOPE_TICKETS_READ));
    static final Caller CONFIG_READER =
            new Caller(Caller.Kind.INTEGRATION, "cfg", "Cfg", null, Set.of(), Set.of(Caller.SCOPE_CONFIG_READ));
    static final Caller CUSTOMER =
            new Caller(Caller.Kind.CUSTOMER, "carol@example.com", "Carol", "carol@example.com", Set.of(), Set.of());

    private ReportData() {}

    static InMemoryReportFigures figures() {
        return new InMemoryReportFigures()
                .with(
                        day("support", "2026-03-03").setOpened(5).build(),
                        day("support", "2026-03-04")
                                .setOpened(2)
                                .setClosed(1)
                                .setFirstResponseSeconds(histogram(60, 1, 3600, 1))
                                .setResolutionSeconds(histogram(7200, 1))
                                .setSlaMet(1)
                                .setMinutesByAgent(Map.of("ana", 30L))
                                .setMinutesByCategory(Map.of("hosting", 30L))
                                .setAttachments(1)
                                .setAttachmentBytes(1000)
                                .build(),
                        day("support", "2026-03-08")
                                .setOpened(1)
                                .setClosed(2)
                                .setReopened(1)
                                .setFirstResponseSeconds(histogram(3600, 2, 86_000, 1))
                                .setResolutionSeconds(histogram(7200, 1, 90_000, 1))
                                .setSlaMet(2)
                                .setSlaBreached(1)
                                .setMinutesByAgent(Map.of("ana", 15L, "bea", 45L))
                                .setMinutesByCategory(Map.of("", 45L, "hosting", 15L))
                                .setAttachments(2)
                                .setAttachmentBytes(3000)
                                .build(),
                        day("support", "2026-03-09").setOpened(1).build(),
                        day("support", "2026-03-18").setOpened(7).build(),
                        day("legacy", "2026-03-10").setClosed(1).build());
    }

    static ConfigEntities config() {
        List<ConfigEntity> entities = new ArrayList<>();
        entities.add(department("support", true));
        entities.add(department("billing", true));
        entities.add(department("sales", false));
        return ConfigEntities.of(entities);
    }

    static ReportDay.Builder day(String departmentId, String date) {
        return ReportDay.newBuilder(ReportDays.empty(departmentId, LocalDate.parse(date)));
    }

    /** Buckets as pairs of seconds and count. */
    static List<DurationCount> histogram(long... secondsAndCounts) {
        List<DurationCount> buckets = new ArrayList<>();
        for (int i = 0; i < secondsAndCounts.length; i += 2) {
            buckets.add(new DurationCount(secondsAndCounts[i], secondsAndCounts[i + 1]));
        }
        return buckets;
    }

    private static ConfigEntity department(String id, boolean active) {
        Department payload =
                Department.newBuilder().setName(id).setActive(active).build();
        return ConfigEntity.newBuilder()
                .setEntityType(ConfigWriter.typeOf(payload))
                .setId(id)
                .setRevision(1)
                .setUpdatedAt(Instant.parse("2026-03-01T00:00:00Z"))
                .setUpdatedBy(new Actor(ActorKind.SYSTEM, "seed", null, null))
                .setPayload(payload)
                .build();
    }
}
