package dev.helpstream.routing.topology;

import dev.helpstream.routing.ticket.Threading;
import dev.helpstream.schema.InboundMessage;
import dev.helpstream.schema.ids.TicketIds;
import dev.helpstream.schema.internal.DirectoryEntry;
import dev.helpstream.schema.internal.IntakeRequest;
import dev.helpstream.schema.internal.IntakeRoute;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Finds the ticket an inbound message belongs to and sends it there, re-keyed by ticket id.
 *
 * <p>Input: {@code tickets.inbound.v1} (keyed by channel message id). Output: {@code
 * routing.intake.v1} (keyed by ticket id). Reads the global ticket directory. Order of evidence:
 * the message was seen before (its own id is in the directory: the same ticket, where the
 * aggregate drops the duplicate); a portal hint; the subject tag {@code [#N]} when the sender is
 * the ticket's customer or a CC; the In-Reply-To/References headers; otherwise a new ticket whose
 * id derives from the message id. Merged tickets pass their mail on to the ticket they were merged
 * into.
 *
 * <p>Store: {@value RoutingTopology#SEEN_STORE}, the channel message ids resolved in the last {@link
 * #REMEMBERED} of stream time (inbound records are keyed by that id, so every copy of a message
 * reaches this task): a redelivered message is dropped here, whichever ticket the first copy
 * ended on, instead of being threaded again against a directory that may have changed since.
 */
final class ThreadResolver implements Processor<String, InboundMessage, String, IntakeRequest> {

    /** As long as {@code tickets.inbound.v1} keeps its records. */
    static final Duration REMEMBERED = Duration.ofDays(30);

    private ProcessorContext<String, IntakeRequest> context;
    private ReadOnlyKeyValueStore<String, DirectoryEntry> directory;
    private KeyValueStore<String, Long> seen;

    @Override
    public void init(ProcessorContext<String, IntakeRequest> context) {
        this.context = context;
        this.directory = context.getStateStore(RoutingTopology.DIRECTORY_STORE);
        this.seen = context.getStateStore(RoutingTopology.SEEN_STORE);
        // Stream time, not wall-clock time: forgetting is as deterministic as remembering.
        context.schedule(Duration.ofHours(1), PunctuationType.STREAM_TIME, this::forgetOlderThanRetention);
    }

    @Override
    public void process(Record<String, InboundMessage> record) {
        InboundMessage message = record.value();
        if (message == null || seen.get(message.getMessageId()) != null) {
            return;
        }
        seen.put(message.getMessageId(), record.timestamp());
        Target target = resolve(message);
        IntakeRequest request = IntakeRequest.newBuilder()
                .setInbound(message)
                .setRoute(target.route())
                .build();
        context.forward(record.withKey(target.ticketId()).withValue(request));
    }

    private Target resolve(InboundMessage message) {
        DirectoryEntry seen = directory.get(DirectoryKeys.message(message.getMessageId()));
        if (seen != null) {
            return follow(seen, IntakeRoute.REPLY_HEADERS);
        }
        String hinted = message.getHints() == null ? null : message.getHints().getTicketId();
        if (hinted != null && !hinted.isBlank()) {
            return new Target(hinted, IntakeRoute.PORTAL_HINT);
        }
        OptionalLong number = Threading.subjectTicketNumber(message.getSubject());
        if (number.isPresent()) {
            DirectoryEntry tagged = directory.get(DirectoryKeys.number(number.getAsLong()));
            String sender = Threading.normalizeAddress(message.getFrom().getEmail());
            if (tagged != null && tagged.getParticipants().contains(sender)) {
                return follow(tagged, IntakeRoute.SUBJECT_TAG);
            }
        }
        for (String referenced : Threading.referencedMessageIds(message)) {
            DirectoryEntry replied = directory.get(DirectoryKeys.message(referenced));
            if (replied != null) {
                return follow(replied, IntakeRoute.REPLY_HEADERS);
            }
        }
        return new Target(TicketIds.forInboundMessage(message.getMessageId()), IntakeRoute.NEW_TICKET);
    }

    private void forgetOlderThanRetention(long streamTime) {
        long horizon = streamTime - REMEMBERED.toMillis();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = seen.all()) {
            while (all.hasNext()) {
                KeyValue<String, Long> entry = all.next();
                if (entry.value < horizon) {
                    expired.add(entry.key);
                }
            }
        }
        expired.forEach(seen::delete);
    }

    private static Target follow(DirectoryEntry entry, IntakeRoute route) {
        return entry.getMergedIntoTicketId() == null
                ? new Target(entry.getTicketId(), route)
                : new Target(entry.getMergedIntoTicketId(), IntakeRoute.MERGED_INTO);
    }

    private record Target(String ticketId, IntakeRoute route) {}
}
