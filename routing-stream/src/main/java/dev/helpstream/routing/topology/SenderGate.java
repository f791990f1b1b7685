package dev.helpstream.routing.topology;

import dev.helpstream.routing.ticket.Threading;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.InboundMessage;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.event.SuppressionReason;
import dev.helpstream.schema.event.SuppressionScope;
import dev.helpstream.schema.ids.TicketIds;
import dev.helpstream.schema.internal.IntakeRequest;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The sender cap: how many new tickets one sender address may open per UTC day.
 *
 * <p>Input: {@code routing.sender-gate.v1}, messages that would open a new ticket, keyed by the
 * lower-case sender address (so one task sees all of a sender's messages). Outputs: the admitted
 * ones to {@code routing.intake.v1}, keyed by the id of the ticket they open; the others as {@code
 * SuppressionRecorded(SENDER_CAP, TICKET)} on {@code tickets.events.v1} under the pseudo ticket
 * {@code inbound:<message id>} (the mail itself stays on {@code tickets.inbound.v1}). Store:
 * {@value RoutingTopology#SENDER_COUNT_STORE}, one entry per sender: the UTC day and how many new
 * tickets it asked for that day, replaced when the day changes and pruned on stream time.
 *
 * <p>Invariant: at most {@code senderCapPerDay} messages per sender and UTC day of the record
 * timestamp (never the wall clock) go on; 0 disables the cap. The day only moves forward: a late
 * record from an earlier day counts against the sender's current day.
 */
final class SenderGate implements Processor<String, IntakeRequest, String, SpecificRecord> {

    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, DailyCount> counts;
    private HelpdeskConfig config;

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.counts = context.getStateStore(RoutingTopology.SENDER_COUNT_STORE);
        ReadOnlyKeyValueStore<String, ConfigEntity> store = context.getStateStore(RoutingTopology.CONFIG_STORE);
        this.config = new HelpdeskConfig(store);
        context.schedule(Duration.ofHours(1), PunctuationType.STREAM_TIME, this::forgetEarlierDays);
    }

    @Override
    public void process(Record<String, IntakeRequest> record) {
        if (record.value() == null || record.value().getInbound() == null) {
            return;
        }
        InboundMessage message = record.value().getInbound();
        String ticketId = TicketIds.forInboundMessage(message.getMessageId());
        int cap = config.settings().getSenderCapPerDay();
        if (cap <= 0) {
            admit(record, ticketId);
            return;
        }
        String sender = record.key() != null
                ? record.key()
                : Threading.normalizeAddress(message.getFrom().getEmail());
        long day = Math.floorDiv(record.timestamp(), DAY_MILLIS);
        DailyCount stored = counts.get(sender);
        DailyCount now = stored == null || day > stored.epochDay()
                ? new DailyCount(day, 1)
                : new DailyCount(stored.epochDay(), stored.count() + 1);
        counts.put(sender, now);
        if (now.count() <= cap) {
            admit(record, ticketId);
            return;
        }
        TicketEvent suppressed = IntakeDecider.inboundSuppression(
                message,
                Instant.ofEpochMilli(record.timestamp()),
                IntakeDecider.ROUTING,
                SuppressionReason.SENDER_CAP,
                SuppressionScope.TICKET,
                null,
                ordinal(now.count()) + " new ticket today, cap " + cap);
        context.forward(
                record.withKey(suppressed.getTicketId()).withValue((SpecificRecord) suppressed),
                RoutingTopology.SUPPRESSED_SINK);
    }

    private void admit(Record<String, IntakeRequest> record, String ticketId) {
        context.forward(
                record.withKey(ticketId).withValue((SpecificRecord) record.value()), RoutingTopology.ADMITTED_SINK);
    }

    /** Counts of days before yesterday can never apply again (yesterday's stay for late records). */
    private void forgetEarlierDays(long streamTime) {
        long oldestKept = Math.floorDiv(streamTime, DAY_MILLIS) - 1;
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, DailyCount> all = counts.all()) {
            while (all.hasNext()) {
                KeyValue<String, DailyCount> entry = all.next();
                if (entry.value.epochDay() < oldestKept) {
                    expired.add(entry.key);
                }
            }
        }
        expired.forEach(counts::delete);
    }

    static String ordinal(int n) {
        int lastTwo = n % 100;
        String suffix;
        if (lastTwo >= 11 && lastTwo <= 13) {
            suffix = "th";
        } else {
            suffix = switch (n % 10) {
                case 1 -> "st";
                case 2 -> "nd";
                case 3 -> "rd";
                default -> "th";
            };
        }
        return n + suffix;
    }

    /** A sender's new tickets on one UTC day (days since the epoch). */
    record DailyCount(long epochDay, int count) {

        private static final int SIZE = Long.BYTES + Integer.BYTES;

        /** Twelve bytes: the day, then the count (big-endian). */
        static Serde<DailyCount> serde() {
            return Serdes.serdeFrom(
                    (topic, value) -> value == null
                            ? null
                            : ByteBuffer.allocate(SIZE)
                                    .putLong(value.epochDay())
                                    .putInt(value.count())
                                    .array(),
                    (topic, bytes) -> {
                        if (bytes == null) {
                            return null;
                        }
                        if (bytes.length != SIZE) {
                            throw new SerializationException(
                                    "a sender count is " + SIZE + " bytes, not " + bytes.length);
                        }
                        ByteBuffer buffer = ByteBuffer.wrap(bytes);
                        return new DailyCount(buffer.getLong(), buffer.getInt());
                    });
        }
    }
}
