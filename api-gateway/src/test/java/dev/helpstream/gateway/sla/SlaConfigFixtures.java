package dev.helpstream.gateway.sla;

import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.SlaMetric;
import dev.helpstream.schema.config.BusinessCalendar;
import dev.helpstream.schema.config.DayOfWeek;
import dev.helpstream.schema.config.SlaPolicy;
import dev.helpstream.schema.config.SlaTarget;
import dev.helpstream.schema.config.WorkingHours;
import dev.helpstream.schema.serde.SingleObjectAvroSerdes;
import dev.helpstream.support.config.ConfigEntities;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * An SLA configuration for the tests: policy {@value SlaEventFixtures#POLICY} ("Gold") on calendar
 * {@code office} (Monday to Friday 09:00-17:00 Europe/Paris) counts its first response (4 hours)
 * in business time and its resolution (a day) in wall-clock time, and pauses in status {@code
 * pending}; policy {@code plain} has no calendar.
 */
public final class SlaConfigFixtures {

    static {
        SingleObjectAvroSerdes.instance();
    }

    private SlaConfigFixtures() {}

    public static ConfigEntities config() {
        return ConfigEntities.of(entities());
    }

    /** The calendar first, then the policies (as an admin would have to write them). */
    public static List<ConfigEntity> entities() {
        BusinessCalendar office = BusinessCalendar.newBuilder()
                .setName("Office")
                .setTimeZoneId("Europe/Paris")
                .setWorkingHours(Stream.of(
                                DayOfWeek.MONDAY,
                                DayOfWeek.TUESDAY,
                                DayOfWeek.WEDNESDAY,
                                DayOfWeek.THURSDAY,
                                DayOfWeek.FRIDAY)
                        .map(day -> new WorkingHours(day, "09:00", "17:00"))
                        .toList())
                .build();
        SlaPolicy gold = SlaPolicy.newBuilder()
                .setName("Gold")
                .setOrder(1)
                .setCalendarId("office")
                .setPauseOnStatusIds(List.of("pending"))
                .setTargets(
                        List.of(target(SlaMetric.FIRST_RESPONSE, 240, true), target(SlaMetric.RESOLUTION, 1440, false)))
                .build();
        SlaPolicy plain = SlaPolicy.newBuilder()
                .setName("Plain")
                .setOrder(2)
                .setTargets(List.of(target(SlaMetric.FIRST_RESPONSE, 60, true)))
                .build();
        return List.of(
                entity(ConfigEntityType.BUSINESS_CALENDAR, "office", office),
                entity(ConfigEntityType.SLA_POLICY, SlaEventFixtures.POLICY, gold),
                entity(ConfigEntityType.SLA_POLICY, "plain", plain));
    }

    private static SlaTarget target(SlaMetric metric, int minutes, boolean businessTime) {
        return SlaTarget.newBuilder()
                .setMetric(metric)
                .setDurationMinutes(minutes)
                .setBusinessTime(businessTime)
                .build();
    }

    private static ConfigEntity entity(ConfigEntityType type, String id, Object payload) {
        return ConfigEntity.newBuilder()
                .setEntityType(type)
                .setId(id)
                .setRevision(1)
                .setUpdatedAt(Instant.parse("2026-01-01T00:00:00Z"))
                .setUpdatedBy(new Actor(ActorKind.SYSTEM, "test", null, null))
                .setPayload(payload)
                .build();
    }
}
