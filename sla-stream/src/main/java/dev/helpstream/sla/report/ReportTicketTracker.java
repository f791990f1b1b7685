package dev.helpstream.sla.report;

import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.AttachmentRef;
import dev.helpstream.schema.DurationCount;
import dev.helpstream.schema.ReportDay;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.event.AttachmentAdded;
import dev.helpstream.schema.event.CategoryChanged;
import dev.helpstream.schema.event.CloseReason;
import dev.helpstream.schema.event.MessageAdded;
import dev.helpstream.schema.event.MessageDirection;
import dev.helpstream.schema.event.NoteAdded;
import dev.helpstream.schema.event.TicketClosed;
import dev.helpstream.schema.event.TicketDeleted;
import dev.helpstream.schema.event.TicketMerged;
import dev.helpstream.schema.event.TicketOpened;
import dev.helpstream.schema.event.TicketReopened;
import dev.helpstream.schema.event.TicketTransferred;
import dev.helpstream.schema.event.TimeLogged;
import dev.helpstream.schema.event.TimerStopped;
import dev.helpstream.schema.internal.ReportTicket;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each ticket event into its contribution to the reports.
 *
 * <p>Input: {@code tickets.events.v1}, keyed by ticket id. Store: {@value
 * ReportTopology#TICKET_STORE}, what the reports remember of each ticket ({@link ReportTicket}:
 * department, category, opening, first staff reply, first close), keyed by ticket id. Output: a
 * partial {@link ReportDay} keyed {@code <departmentId>|<day>} (the department the ticket is in when
 * the event happens, the day of the event's record timestamp in the report time zone) for every
 * event that counts; nothing for the others.
 *
 * <p>Invariants: a ticket counts once as opened, its first response and its resolution once each
 * (the first public staff reply and the first close); every close and reopen counts; each
 * attachment counts once, with the message, note or opening that brought it (an {@code
 * AttachmentAdded} naming a message or note is a file counted with that message, e.g. carried over
 * by a merge). Events of a ticket the store does not know (its opening was never read) are skipped.
 * A ticket's entry goes with its last event: its deletion, or its merge (the close the merge brings,
 * or the merge itself for a ticket closed already).
 */
final class ReportTicketTracker implements Processor<String, TicketEvent, String, ReportDay> {

    private static final Logger log = LoggerFactory.getLogger(ReportTicketTracker.class);

    private final ZoneId zone;
    private ProcessorContext<String, ReportDay> context;
    private KeyValueStore<String, ReportTicket> tickets;

    ReportTicketTracker(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public void init(ProcessorContext<String, ReportDay> context) {
        this.context = context;
        this.tickets = context.getStateStore(ReportTopology.TICKET_STORE);
    }

    @Override
    public void process(Record<String, TicketEvent> record) {
        TicketEvent event = record.value();
        if (record.key() == null || event == null) {
            return;
        }
        Instant at = Instant.ofEpochMilli(record.timestamp());
        Object payload = event.getPayload();
        if (payload instanceof TicketOpened opened) {
            open(record, opened, at);
            return;
        }
        ReportTicket ticket = tickets.get(record.key());
        if (ticket == null) {
            log.debug(
                    "Report figures skip event {} of ticket {}: its opening was not seen",
                    event.getEventId(),
                    record.key());
            return;
        }
        Contribution contribution = new Contribution(ticket.getDepartmentId(), at);
        ReportTicket.Builder changed = null;
        if (payload instanceof TicketTransferred transferred) {
            changed = ReportTicket.newBuilder(ticket).setDepartmentId(transferred.getToDepartmentId());
        } else if (payload instanceof CategoryChanged category) {
            changed = ReportTicket.newBuilder(ticket).setCategoryId(category.getToCategoryId());
        } else if (payload instanceof MessageAdded message) {
            contribution.attachments(message.getAttachments());
            if (ticket.getFirstResponseAt() == null && isStaffReply(message)) {
                changed = ReportTicket.newBuilder(ticket).setFirstResponseAt(at);
                contribution.day.setFirstResponseSeconds(since(ticket.getCreatedAt(), at));
            }
        } else if (payload instanceof NoteAdded note) {
            contribution.attachments(note.getAttachments());
        } else if (payload instanceof AttachmentAdded added) {
            if (added.getMessageId() == null) {
                contribution.attachments(List.of(added.getAttachment()));
            }
        } else if (payload instanceof TicketClosed closed) {
            contribution.day.setClosed(1);
            changed = ReportTicket.newBuilder(ticket).setClosed(true);
            if (ticket.getFirstClosedAt() == null) {
                changed.setFirstClosedAt(at);
                contribution.day.setResolutionSeconds(since(ticket.getCreatedAt(), at));
            }
            if (closed.getReason() == CloseReason.MERGED) {
                // The close a merge brings is the ticket's last event.
                changed = null;
                tickets.delete(record.key());
            }
        } else if (payload instanceof TicketReopened) {
            contribution.day.setReopened(1);
            changed = ReportTicket.newBuilder(ticket).setClosed(false);
        } else if (payload instanceof TicketMerged && ticket.getClosed()) {
            // Merged while closed: no close follows, nothing left to attribute.
            tickets.delete(record.key());
        } else if (payload instanceof TimeLogged logged) {
            contribution.minutes(logged.getAgentId(), ticket.getCategoryId(), logged.getMinutes());
        } else if (payload instanceof TimerStopped stopped) {
            contribution.minutes(stopped.getAgentId(), ticket.getCategoryId(), stopped.getMinutes());
        } else if (payload instanceof TicketDeleted) {
            // A deleted ticket takes no further event: nothing left to attribute.
            tickets.delete(record.key());
        }
        if (changed != null) {
            tickets.put(record.key(), changed.build());
        }
        contribution.forward(record);
    }

    private void open(Record<String, TicketEvent> record, TicketOpened opened, Instant at) {
        if (tickets.get(record.key()) != null) {
            log.warn(
                    "Report figures skip a second opening of ticket {} (event {})",
                    record.key(),
                    record.value().getEventId());
            return;
        }
        tickets.put(
                record.key(),
                ReportTicket.newBuilder()
                        .setDepartmentId(opened.getDepartmentId())
                        .setCategoryId(opened.getCategoryId())
                        .setCreatedAt(at)
                        .build());
        Contribution contribution = new Contribution(opened.getDepartmentId(), at);
        contribution.day.setOpened(1);
        contribution.attachments(opened.getAttachments());
        contribution.forward(record);
    }

    /**
     * A public reply written by an agent or admin. Integrations and the system are left out: a
     * machine's answer is not a person's first response.
     */
    private static boolean isStaffReply(MessageAdded message) {
        ActorKind author = message.getAuthor().getKind();
        return message.getDirection() == MessageDirection.OUTBOUND
                && (author == ActorKind.AGENT || author == ActorKind.ADMIN);
    }

    private static List<DurationCount> since(Instant start, Instant end) {
        return Histograms.of(Duration.between(start, end).toSeconds());
    }

    /** What one event adds to its department's day. */
    private final class Contribution {

        private final ReportDay.Builder day;

        Contribution(String departmentId, Instant at) {
            LocalDate date = at.atZone(zone).toLocalDate();
            this.day = ReportDay.newBuilder(ReportDays.empty(departmentId, date));
        }

        void attachments(List<AttachmentRef> files) {
            long bytes = 0;
            for (AttachmentRef file : files) {
                bytes += Math.max(0, file.getSizeBytes());
            }
            day.setAttachments(day.getAttachments() + files.size());
            day.setAttachmentBytes(day.getAttachmentBytes() + bytes);
        }

        void minutes(String agentId, String categoryId, int minutes) {
            if (minutes <= 0) {
                return;
            }
            day.setMinutesByAgent(Map.of(agentId, (long) minutes));
            day.setMinutesByCategory(Map.of(categoryId == null ? "" : categoryId, (long) minutes));
        }

        void forward(Record<String, TicketEvent> cause) {
            ReportDay figures = day.build();
            if (!ReportDays.isEmpty(figures)) {
                context.forward(cause.withKey(ReportDays.key(figures.getDepartmentId(), figures.getDay()))
                        .withValue(figures));
            }
        }
    }
}
