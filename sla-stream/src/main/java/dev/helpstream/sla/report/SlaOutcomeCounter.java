package dev.helpstream.sla.report;

import dev.helpstream.schema.ReportDay;
import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.SlaEventKind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Counts SLA outcomes for the reports.
 *
 * <p>Input: {@code tickets.sla.v1}, keyed by ticket id. Output: a partial {@link ReportDay} keyed
 * {@code <departmentId>|<day>} for each target met in time ({@code MET} with {@code late=false})
 * and each breach ({@code BREACH}), under the department the SLA event names and the day of its
 * record timestamp (the instant it was met, the due time of a breach) in the report time zone.
 * Stateless; every other SLA event, and a late {@code MET} (its breach already counted), adds
 * nothing, so a target counts once.
 */
final class SlaOutcomeCounter implements Processor<String, SlaEvent, String, ReportDay> {

    private final ZoneId zone;
    private ProcessorContext<String, ReportDay> context;

    SlaOutcomeCounter(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public void init(ProcessorContext<String, ReportDay> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, SlaEvent> record) {
        SlaEvent event = record.value();
        if (event == null) {
            return;
        }
        boolean met = event.getKind() == SlaEventKind.MET && !event.getLate();
        boolean breached = event.getKind() == SlaEventKind.BREACH;
        if (!met && !breached) {
            return;
        }
        LocalDate day = Instant.ofEpochMilli(record.timestamp()).atZone(zone).toLocalDate();
        ReportDay figures = ReportDay.newBuilder(ReportDays.empty(event.getDepartmentId(), day))
                .setSlaMet(met ? 1 : 0)
                .setSlaBreached(breached ? 1 : 0)
                .build();
        context.forward(
                record.withKey(ReportDays.key(event.getDepartmentId(), day)).withValue(figures));
    }
}
