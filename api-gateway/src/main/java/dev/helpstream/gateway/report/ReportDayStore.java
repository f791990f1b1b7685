package dev.helpstream.gateway.report;

import dev.helpstream.gateway.ConfigView;
import dev.helpstream.schema.ReportDay;
import dev.helpstream.schema.topic.Topics;
import dev.helpstream.sla.report.ReportDays;
import dev.helpstream.support.kafka.PartitionFollower;
import dev.helpstream.support.kafka.PartitionFollower.StartPosition;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The report figures of every department and day, in memory, for the reports endpoint.
 *
 * <p>Input: {@code reports.daily.v1} (compacted, written by sla-stream: each department's whole day,
 * keyed {@code <departmentId>|<yyyy-MM-dd>}), every partition, read committed, from the beginning,
 * without a consumer group ({@link PartitionFollower}), so every gateway instance holds all of it.
 * Output: none; {@link Reports} reads the days of a range from memory ({@link DayTable}), never
 * tickets.
 *
 * <p>Invariants: a day's latest record replaces the one before (the topic sends whole days), a
 * tombstone removes the day; a record that cannot be decoded, or whose key is not a department and
 * a date, is skipped with a warning and never stops the store. Memory is one small record per
 * department and day with figures (some 365 a year per department).
 */
@Component
class ReportDayStore implements ReportFigures, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReportDayStore.class);
    private static final Duration POSITION_TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final Deserializer<ReportDay> values =
            Topics.REPORT_DAYS.valueSerde().deserializer();
    private final DayTable table = new DayTable();

    private volatile PartitionFollower<String, byte[]> follower;

    ReportDayStore(@Value("${helpstream.kafka.bootstrap-servers}") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    @Override
    public Availability availability() {
        PartitionFollower<String, byte[]> current = follower;
        if (current == null || !current.isRunning()) {
            return current == null ? Availability.LOADING : Availability.STOPPED;
        }
        return current.caughtUp() ? Availability.READY : Availability.LOADING;
    }

    @Override
    public List<ReportDay> days(String departmentId, LocalDate from, LocalDate to) {
        return table.days(departmentId, from, to);
    }

    @Override
    public Set<String> departmentsWithFigures(LocalDate from, LocalDate to) {
        return table.departmentsWithFigures(from, to);
    }

    @Override
    public boolean hasFigures(String departmentId) {
        return table.hasFigures(departmentId);
    }

    @Override
    public void start() {
        PartitionFollower<String, byte[]> days = PartitionFollower.builder(
                        bootstrapServers,
                        "api-gateway-reports-" + UUID.randomUUID(),
                        new StringDeserializer(),
                        new ByteArrayDeserializer())
                .topics(Topics.REPORT_DAYS.name())
                .from(StartPosition.BEGINNING)
                .threadName("gateway-reports")
                .failureConsequence("the reports are no longer updated (answered with 503)")
                .build(records -> records.forEach(this::apply));
        follower = days;
        days.start(POSITION_TIMEOUT);
        log.info("Following {} from the beginning", Topics.REPORT_DAYS.name());
    }

    @Override
    public void stop() {
        PartitionFollower<String, byte[]> current = follower;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public boolean isRunning() {
        PartitionFollower<String, byte[]> current = follower;
        return current != null && current.isRunning();
    }

    @Override
    public int getPhase() {
        return ConfigView.PHASE;
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            forget(record);
            return;
        }
        ReportDay day;
        try {
            day = values.deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            log.warn(
                    "Skipped an undecodable report day at {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
            return;
        }
        table.put(day);
    }

    private void forget(ConsumerRecord<String, byte[]> record) {
        String key = record.key();
        int separator = key == null ? -1 : key.lastIndexOf(ReportDays.KEY_SEPARATOR);
        try {
            if (separator > 0) {
                table.remove(key.substring(0, separator), LocalDate.parse(key.substring(separator + 1)));
                return;
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        log.warn(
                "Skipped a report tombstone whose key {} names no department and day at {}-{}@{}",
                key,
                record.topic(),
                record.partition(),
                record.offset());
    }
}
