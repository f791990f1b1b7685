package dev.helpstream.routing.topology;

import dev.helpstream.routing.ticket.Threading;
import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.Channel;
import dev.helpstream.schema.CommandOutcome;
import dev.helpstream.schema.CommandResult;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.RejectionCode;
import dev.helpstream.schema.RunningTimer;
import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.SlaEventKind;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketCommand;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.command.AddCc;
import dev.helpstream.schema.command.AddNote;
import dev.helpstream.schema.command.Assign;
import dev.helpstream.schema.command.Capture;
import dev.helpstream.schema.command.ChangeCategory;
import dev.helpstream.schema.command.ChangeDueDate;
import dev.helpstream.schema.command.ChangeEstimatedResolution;
import dev.helpstream.schema.command.ChangePriority;
import dev.helpstream.schema.command.ChangeProgress;
import dev.helpstream.schema.command.ChangeStatus;
import dev.helpstream.schema.command.ChangeType;
import dev.helpstream.schema.command.Close;
import dev.helpstream.schema.command.CreateTicket;
import dev.helpstream.schema.command.CustomerReply;
import dev.helpstream.schema.command.Delete;
import dev.helpstream.schema.command.LogTime;
import dev.helpstream.schema.command.MarkNotSpam;
import dev.helpstream.schema.command.MarkSpam;
import dev.helpstream.schema.command.Merge;
import dev.helpstream.schema.command.RemoveCc;
import dev.helpstream.schema.command.Reopen;
import dev.helpstream.schema.command.Reply;
import dev.helpstream.schema.command.SetImportant;
import dev.helpstream.schema.command.SetTags;
import dev.helpstream.schema.command.StartTimer;
import dev.helpstream.schema.command.StopTimer;
import dev.helpstream.schema.command.Transfer;
import dev.helpstream.schema.event.CategoryChanged;
import dev.helpstream.schema.event.CcChanged;
import dev.helpstream.schema.event.CloseReason;
import dev.helpstream.schema.event.DueDateChanged;
import dev.helpstream.schema.event.EstimatedResolutionChanged;
import dev.helpstream.schema.event.ImportantChanged;
import dev.helpstream.schema.event.MarkedNotSpam;
import dev.helpstream.schema.event.MarkedSpam;
import dev.helpstream.schema.event.MessageAdded;
import dev.helpstream.schema.event.MessageDirection;
import dev.helpstream.schema.event.NoteAdded;
import dev.helpstream.schema.event.PriorityChanged;
import dev.helpstream.schema.event.ProgressChanged;
import dev.helpstream.schema.event.ReopenTrigger;
import dev.helpstream.schema.event.StatusChanged;
import dev.helpstream.schema.event.TagsChanged;
import dev.helpstream.schema.event.TicketAssigned;
import dev.helpstream.schema.event.TicketCaptured;
import dev.helpstream.schema.event.TicketClosed;
import dev.helpstream.schema.event.TicketDeleted;
import dev.helpstream.schema.event.TicketMerged;
import dev.helpstream.schema.event.TicketMergedIn;
import dev.helpstream.schema.event.TicketOpened;
import dev.helpstream.schema.event.TicketReopened;
import dev.helpstream.schema.event.TicketTransferred;
import dev.helpstream.schema.event.TimeLogged;
import dev.helpstream.schema.event.TimerStarted;
import dev.helpstream.schema.event.TimerStopped;
import dev.helpstream.schema.event.TypeChanged;
import dev.helpstream.schema.ids.MailIds;
import dev.helpstream.schema.internal.DirectoryEntry;
import dev.helpstream.schema.internal.IntakeRequest;
import dev.helpstream.schema.internal.MergeStage;
import dev.helpstream.schema.internal.MergeStep;
import dev.helpstream.schema.internal.TicketAggregate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a command against the ticket's state and the configuration, and decides its events and
 * its answer. Pure: the processor supplies the state, the record's time and the ticket numbers.
 *
 * <p>Rules every command shares: a command id seen before is answered again, not applied again; a
 * stale {@code expectedVersion} is a conflict; a deleted ticket takes no command; agents act only
 * on tickets of departments whose team they belong to; customers may only reply to, close and
 * reopen their own tickets; a support address of the helpdesk is never copied on a ticket (the
 * notifier would mail the helpdesk itself).
 *
 * <p>A staff reply carries the Message-ID the notifier sends it with ({@link MailIds#outbound}
 * of the ticket and the message id), known to the ticket and the directory like a received
 * mail's, so that the customer's answer threads back by its headers.
 */
final class CommandDecider {

    /** The actor of inactivity closes: routing, acting on sla-stream's timer. */
    static final Actor INACTIVITY_TIMER = Actor.newBuilder()
            .setKind(ActorKind.SYSTEM)
            .setId("sla")
            .setDisplayName("Inactivity timer")
            .build();

    private static final Logger log = LoggerFactory.getLogger(CommandDecider.class);

    /** How many recent command ids a ticket remembers for idempotency. */
    static final int REMEMBERED_COMMANDS = 200;

    /** The ticket ids {@link MailIds#outbound(String, String, String)} can name (inbound and gateway ids). */
    private static final Pattern UUID_TICKET_ID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final HelpdeskConfig config;
    private final Predicate<String> spamSender;

    CommandDecider(HelpdeskConfig config, Predicate<String> spamSender) {
        this.config = config;
        this.spamSender = spamSender;
    }

    Outcome decide(String ticketId, TicketAggregate current, TicketCommand command, Instant now, LongSupplier numbers) {
        if (current != null && current.getCommandIds().contains(command.getCommandId())) {
            return new Outcome(null, List.of(), Map.of(), null, accepted(command, current.getTicket(), true, now));
        }
        if (command.getPayload() instanceof CreateTicket create) {
            return current == null
                    ? create(ticketId, command, create, now, numbers)
                    : reject(
                            command,
                            ticketId,
                            RejectionCode.INVALID,
                            "ticket " + ticketId + " exists already",
                            "ticketId",
                            now);
        }
        if (current == null) {
            return reject(command, ticketId, RejectionCode.NOT_FOUND, "no ticket " + ticketId, null, now);
        }
        Ticket ticket = current.getTicket();
        if (ticket.getDeleted()) {
            return reject(
                    command,
                    ticketId,
                    RejectionCode.DELETED,
                    "ticket #" + ticket.getNumber() + " was deleted",
                    null,
                    now);
        }
        if (ticket.getMergedIntoTicketId() != null) {
            return reject(
                    command,
                    ticketId,
                    RejectionCode.ALREADY_MERGED,
                    "ticket #" + ticket.getNumber() + " was merged into " + ticket.getMergedIntoTicketId(),
                    null,
                    now);
        }
        if (command.getExpectedVersion() != null && command.getExpectedVersion() != ticket.getVersion()) {
            return reject(
                    command,
                    ticketId,
                    RejectionCode.VERSION_CONFLICT,
                    "ticket is at version " + ticket.getVersion() + ", not " + command.getExpectedVersion(),
                    "expectedVersion",
                    now);
        }
        String refusal = authorize(command, ticket);
        if (refusal != null) {
            return reject(command, ticketId, RejectionCode.FORBIDDEN, refusal, null, now);
        }
        return apply(new Edit(current, command, now));
    }

    private String authorize(TicketCommand command, Ticket ticket) {
        Actor actor = command.getActor();
        Object payload = command.getPayload();
        if (actor.getKind() == ActorKind.CUSTOMER) {
            boolean allowed = payload instanceof CustomerReply || payload instanceof Close || payload instanceof Reopen;
            if (!allowed) {
                return "customers cannot " + payload.getClass().getSimpleName();
            }
            return isParticipant(ticket, actor.getEmail() != null ? actor.getEmail() : actor.getId())
                    ? null
                    : "not a ticket of " + actor.getId();
        }
        if (payload instanceof CustomerReply) {
            return "only customers send customer replies";
        }
        boolean ownTimer = payload instanceof StopTimer
                && ticket.getRunningTimers().stream()
                        .anyMatch(timer -> timer.getAgentId().equals(actor.getId()));
        if (actor.getKind() == ActorKind.AGENT
                && !ownTimer
                && !config.isTeamMember(actor.getId(), ticket.getDepartmentId())) {
            return "agent " + actor.getId() + " is not in department " + ticket.getDepartmentId();
        }
        return actor.getKind() == ActorKind.UNKNOWN ? "unknown actor" : null;
    }

    private Outcome apply(Edit edit) {
        Object payload = edit.command.getPayload();
        if (payload instanceof Capture) {
            return capture(edit);
        } else if (payload instanceof Assign assign) {
            return assign(edit, assign);
        } else if (payload instanceof Transfer transfer) {
            return transfer(edit, transfer);
        } else if (payload instanceof Reply reply) {
            return reply(edit, reply);
        } else if (payload instanceof AddNote note) {
            edit.emit(NoteAdded.newBuilder()
                    .setNoteId(edit.command.getCommandId())
                    .setBody(note.getBody())
                    .setAttachments(note.getAttachments())
                    .build());
            edit.ticket
                    .setNoteCount(edit.before.getNoteCount() + 1)
                    .setAttachmentCount(edit.before.getAttachmentCount()
                            + note.getAttachments().size());
            return edit.accept();
        } else if (payload instanceof CustomerReply reply) {
            return customerReply(edit, reply);
        } else if (payload instanceof ChangePriority change) {
            if (!config.priorityExists(change.getPriorityId())
                    && !change.getPriorityId().equals(edit.before.getPriorityId())
                    && !change.getPriorityId().equals(HelpdeskConfig.FALLBACK_PRIORITY)) {
                return edit.invalid("priorityId", "unknown priority " + change.getPriorityId());
            }
            edit.emit(new PriorityChanged(edit.before.getPriorityId(), change.getPriorityId()));
            edit.ticket.setPriorityId(change.getPriorityId());
            return edit.accept();
        } else if (payload instanceof ChangeCategory change) {
            if (!config.categoryAcceptable(change.getCategoryId())) {
                return edit.invalid("categoryId", "unknown category " + change.getCategoryId());
            }
            edit.emit(new CategoryChanged(edit.before.getCategoryId(), change.getCategoryId()));
            edit.ticket.setCategoryId(change.getCategoryId());
            return edit.accept();
        } else if (payload instanceof ChangeType change) {
            if (!config.typeAcceptable(change.getTypeId())) {
                return edit.invalid("typeId", "unknown type " + change.getTypeId());
            }
            edit.emit(new TypeChanged(edit.before.getTypeId(), change.getTypeId()));
            edit.ticket.setTypeId(change.getTypeId());
            return edit.accept();
        } else if (payload instanceof ChangeStatus change) {
            return changeStatus(edit, change.getStatusId());
        } else if (payload instanceof ChangeDueDate change) {
            edit.emit(new DueDateChanged(edit.before.getDueAt(), change.getDueAt()));
            edit.ticket.setDueAt(change.getDueAt());
            return edit.accept();
        } else if (payload instanceof ChangeEstimatedResolution change) {
            edit.emit(new EstimatedResolutionChanged(
                    edit.before.getEstimatedResolutionAt(), change.getEstimatedResolutionAt()));
            edit.ticket.setEstimatedResolutionAt(change.getEstimatedResolutionAt());
            return edit.accept();
        } else if (payload instanceof ChangeProgress change) {
            if (change.getPercent() < 0 || change.getPercent() > 100) {
                return edit.invalid("percent", "progress must be between 0 and 100, was " + change.getPercent());
            }
            edit.emit(new ProgressChanged(edit.before.getProgressPercent(), change.getPercent()));
            edit.ticket.setProgressPercent(change.getPercent());
            return edit.accept();
        } else if (payload instanceof MarkSpam spam) {
            String sender = edit.before.getCustomer().getEmail();
            edit.emit(new MarkedSpam(sender, spam.getBlockSender()));
            edit.ticket.setSpam(true);
            if (spam.getBlockSender()) {
                edit.directory.put(
                        DirectoryKeys.spamSender(sender),
                        DirectoryEntry.newBuilder()
                                .setTicketId(edit.before.getTicketId())
                                .build());
            }
            return edit.accept();
        } else if (payload instanceof MarkNotSpam) {
            String sender = edit.before.getCustomer().getEmail();
            edit.emit(new MarkedNotSpam(sender));
            edit.ticket.setSpam(false);
            edit.directory.put(DirectoryKeys.spamSender(sender), null);
            return edit.accept();
        } else if (payload instanceof SetImportant important) {
            edit.emit(new ImportantChanged(important.getImportant()));
            edit.ticket.setImportant(important.getImportant());
            return edit.accept();
        } else if (payload instanceof Delete delete) {
            if (delete.getReason().isBlank()) {
                return edit.invalid("reason", "a deletion needs a reason");
            }
            edit.emit(new TicketDeleted(delete.getReason(), true));
            edit.ticket.setDeleted(true);
            return edit.accept();
        } else if (payload instanceof Close close) {
            return close(edit, close.getReason());
        } else if (payload instanceof Reopen) {
            return reopen(edit);
        } else if (payload instanceof LogTime time) {
            return logTime(edit, time);
        } else if (payload instanceof StartTimer) {
            return startTimer(edit);
        } else if (payload instanceof StopTimer stop) {
            return stopTimer(edit, stop);
        } else if (payload instanceof AddCc add) {
            return addCc(edit, add.getContact());
        } else if (payload instanceof RemoveCc remove) {
            return removeCc(edit, remove.getEmail());
        } else if (payload instanceof SetTags tags) {
            return setTags(edit, tags.getTags());
        } else if (payload instanceof Merge merge) {
            return requestMerge(edit, merge);
        }
        return edit.reject(
                RejectionCode.INVALID, "unknown command " + payload.getClass().getSimpleName(), "payload");
    }

    /**
     * A merge spans two tickets that may live on different partitions, so it runs as steps over
     * {@code routing.intake.v1}: the source asks the target, the target takes the source's mail
     * and people in (or refuses), and the source then closes as merged and answers the command.
     */
    private Outcome requestMerge(Edit edit, Merge merge) {
        String target = merge.getTargetTicketId();
        if (target.equals(edit.before.getTicketId())) {
            return edit.invalid("targetTicketId", "a ticket cannot be merged into itself");
        }
        if (edit.current.getPendingMerge() != null) {
            return edit.reject(
                    RejectionCode.INVALID,
                    "ticket #" + edit.before.getNumber() + " is being merged into "
                            + edit.current.getPendingMerge().getTargetTicketId(),
                    "targetTicketId");
        }
        List<Contact> people = new ArrayList<>();
        people.add(edit.before.getCustomer());
        people.addAll(edit.before.getCc());
        MergeStep step = MergeStep.newBuilder()
                .setStage(MergeStage.REQUESTED)
                .setSourceTicketId(edit.before.getTicketId())
                .setSourceTicketNumber(edit.before.getNumber())
                .setTargetTicketId(target)
                .setCommandId(edit.command.getCommandId())
                .setCorrelationId(edit.command.getCorrelationId())
                .setActor(edit.command.getActor())
                .setEmailMessageIds(edit.before.getEmailMessageIds())
                .setCc(people)
                .build();
        // Remembered until the target answers, so that no second merge can race this one.
        TicketAggregate pending =
                TicketAggregate.newBuilder(edit.current).setPendingMerge(step).build();
        return new Outcome(
                pending,
                List.of(),
                Map.of(),
                new Outcome.Forward(
                        target, IntakeRequest.newBuilder().setMerge(step).build()),
                null);
    }

    /** Applies one merge step arriving at {@code ticketId}. */
    Outcome decideMerge(String ticketId, TicketAggregate current, MergeStep step, Instant now) {
        return switch (step.getStage()) {
            case REQUESTED -> mergeIn(ticketId, current, step, now);
            case CONFIRMED -> mergedAway(current, step, now);
            case REFUSED -> refused(current, step, now);
            case UNKNOWN -> Outcome.NOTHING;
        };
    }

    private static Outcome refused(TicketAggregate current, MergeStep step, Instant now) {
        TicketAggregate cleared = current != null
                        && current.getPendingMerge() != null
                        && current.getPendingMerge().getCommandId().equals(step.getCommandId())
                ? TicketAggregate.newBuilder(current).setPendingMerge(null).build()
                : null;
        return new Outcome(cleared, List.of(), Map.of(), null, mergeResult(step, null, now));
    }

    private Outcome mergeIn(String ticketId, TicketAggregate current, MergeStep step, Instant now) {
        if (current == null) {
            return refuse(step, RejectionCode.NOT_FOUND, "no ticket " + ticketId);
        }
        Ticket target = current.getTicket();
        if (current.getCommandIds().contains(step.getCommandId())) {
            return mergeForward(step.getSourceTicketId(), confirmed(step, target));
        }
        if (target.getDeleted()) {
            return refuse(step, RejectionCode.DELETED, "ticket #" + target.getNumber() + " was deleted");
        }
        if (target.getMergedIntoTicketId() != null || current.getPendingMerge() != null) {
            return refuse(
                    step,
                    RejectionCode.ALREADY_MERGED,
                    "ticket #" + target.getNumber() + " is merged or being merged itself");
        }
        Actor actor = step.getActor();
        if (actor.getKind() == ActorKind.AGENT && !config.isTeamMember(actor.getId(), target.getDepartmentId())) {
            return refuse(
                    step,
                    RejectionCode.FORBIDDEN,
                    "agent " + actor.getId() + " is not in department " + target.getDepartmentId());
        }
        TicketCommand cause = TicketCommand.newBuilder()
                .setCommandId(step.getCommandId())
                .setCorrelationId(step.getCorrelationId())
                .setTicketId(ticketId)
                .setIssuedAt(now)
                .setActor(actor)
                .setPayload(new Merge(ticketId))
                .build();
        Edit edit = new Edit(current, cause, now);
        List<Contact> added =
                newContacts(edit.currentCc(), withoutOwnAddresses(target, step.getCc()), target.getCustomer());
        edit.emit(TicketMergedIn.newBuilder()
                .setFromTicketId(step.getSourceTicketId())
                .setFromTicketNumber(step.getSourceTicketNumber())
                .setEmailMessageIds(step.getEmailMessageIds())
                .setCc(added)
                .build());
        List<Contact> cc = new ArrayList<>(edit.currentCc());
        cc.addAll(added);
        List<String> emailIds = new ArrayList<>(target.getEmailMessageIds());
        step.getEmailMessageIds().stream().filter(id -> !emailIds.contains(id)).forEach(emailIds::add);
        List<String> linked = new ArrayList<>(target.getLinkedTicketIds());
        linked.add(step.getSourceTicketId());
        edit.ticket.setCc(cc).setEmailMessageIds(emailIds).setLinkedTicketIds(linked);
        edit.participantsChanged = !added.isEmpty();
        Outcome applied = edit.accept();
        Ticket after = applied.state().getTicket();
        return new Outcome(
                applied.state(),
                applied.events(),
                applied.directory(),
                new Outcome.Forward(
                        step.getSourceTicketId(),
                        IntakeRequest.newBuilder()
                                .setMerge(confirmed(step, after))
                                .build()),
                null);
    }

    private Outcome mergedAway(TicketAggregate current, MergeStep step, Instant now) {
        if (current == null || current.getCommandIds().contains(step.getCommandId())) {
            // Already merged by an earlier delivery of this step: answer again, change nothing.
            return current == null
                    ? Outcome.NOTHING
                    : new Outcome(null, List.of(), Map.of(), null, mergeResult(step, current.getTicket(), now));
        }
        TicketCommand cause = TicketCommand.newBuilder()
                .setCommandId(step.getCommandId())
                .setCorrelationId(step.getCorrelationId())
                .setTicketId(step.getSourceTicketId())
                .setIssuedAt(now)
                .setActor(step.getActor())
                .setPayload(new Merge(step.getTargetTicketId()))
                .build();
        Edit edit = new Edit(
                TicketAggregate.newBuilder(current).setPendingMerge(null).build(), cause, now);
        edit.emit(new TicketMerged(step.getTargetTicketId(), step.getTargetTicketNumber()));
        edit.ticket.setMergedIntoTicketId(step.getTargetTicketId());
        if (edit.lifecycle() != LifecycleState.CLOSED) {
            closeWith(edit, CloseReason.MERGED, "merged into #" + step.getTargetTicketNumber());
        }
        // Mail for this ticket's number now goes to the target.
        edit.participantsChanged = true;
        Outcome applied = edit.accept();
        return new Outcome(
                applied.state(),
                applied.events(),
                applied.directory(),
                null,
                mergeResult(step, applied.state().getTicket(), now));
    }

    private static MergeStep confirmed(MergeStep step, Ticket target) {
        return MergeStep.newBuilder(step)
                .setStage(MergeStage.CONFIRMED)
                .setTargetTicketNumber(target.getNumber())
                .build();
    }

    private static Outcome refuse(MergeStep step, RejectionCode code, String reason) {
        MergeStep refused = MergeStep.newBuilder(step)
                .setStage(MergeStage.REFUSED)
                .setRefusalCode(code)
                .setRefusal(reason)
                .build();
        return mergeForward(step.getSourceTicketId(), refused);
    }

    private static Outcome mergeForward(String ticketId, MergeStep step) {
        return new Outcome(
                null,
                List.of(),
                Map.of(),
                new Outcome.Forward(
                        ticketId, IntakeRequest.newBuilder().setMerge(step).build()),
                null);
    }

    /** The answer to the Merge command: accepted with the source's new version, or the refusal. */
    private static CommandResult mergeResult(MergeStep step, Ticket source, Instant now) {
        CommandResult.Builder result = CommandResult.newBuilder()
                .setCorrelationId(step.getCorrelationId())
                .setCommandId(step.getCommandId())
                .setTicketId(step.getSourceTicketId())
                .setTicketNumber(step.getSourceTicketNumber())
                .setProcessedAt(now);
        if (step.getStage() == MergeStage.REFUSED) {
            return result.setOutcome(CommandOutcome.REJECTED)
                    .setRejectionCode(step.getRefusalCode())
                    .setMessage(step.getRefusal())
                    .setField("targetTicketId")
                    .build();
        }
        return result.setOutcome(CommandOutcome.ACCEPTED)
                .setNewVersion(source.getVersion())
                .build();
    }

    /**
     * Applies an SLA event arriving at {@code ticketId}. Only {@code AUTO_CLOSE_DUE} changes
     * anything: the ticket closes for inactivity ({@code TicketClosed(INACTIVITY)} by {@link
     * #INACTIVITY_TIMER}, caused by the SLA event) when auto-close is on, the ticket still waits on
     * the customer and nothing happened on it for the configured days up to the event's time.
     * sla-stream set the timer from an earlier state of the ticket, so a timer that later activity,
     * a close or a settings change made stale is ignored; so is the same timer a second time (the
     * ticket is closed by then).
     */
    Outcome decideSla(String ticketId, TicketAggregate current, SlaEvent sla, Instant now) {
        if (sla.getKind() != SlaEventKind.AUTO_CLOSE_DUE) {
            return Outcome.NOTHING;
        }
        int days = config.settings().getAutoCloseInactiveDays();
        String stale = staleAutoClose(current, days, now);
        if (stale != null) {
            log.debug("Ignoring the stale auto-close timer {} of ticket {}: {}", sla.getEventId(), ticketId, stale);
            return Outcome.NOTHING;
        }
        // The cause is never published: it carries the actor and the causation id into the events.
        TicketCommand cause = TicketCommand.newBuilder()
                .setCommandId(sla.getEventId())
                .setCorrelationId(sla.getEventId())
                .setTicketId(ticketId)
                .setIssuedAt(now)
                .setActor(INACTIVITY_TIMER)
                .setPayload(new Close(null))
                .build();
        Edit edit = new Edit(current, cause, now, null);
        closeWith(edit, CloseReason.INACTIVITY, "no activity for " + days + (days == 1 ? " day" : " days"));
        Outcome applied = edit.accept();
        // Nobody waits on an answer to a timer.
        return new Outcome(applied.state(), applied.events(), applied.directory(), null, null);
    }

    /** Why an auto-close timer no longer applies, or null when the ticket closes now. */
    private static String staleAutoClose(TicketAggregate current, int days, Instant now) {
        if (days <= 0) {
            return "auto-close is off";
        }
        if (current == null) {
            return "no such ticket";
        }
        Ticket ticket = current.getTicket();
        if (ticket.getDeleted()) {
            return "the ticket was deleted";
        }
        if (ticket.getMergedIntoTicketId() != null) {
            return "the ticket was merged into " + ticket.getMergedIntoTicketId();
        }
        LifecycleState lifecycle = ticket.getLifecycle();
        if (lifecycle != LifecycleState.WAITING_ON_CUSTOMER && lifecycle != LifecycleState.RESOLVED) {
            return "the ticket is " + lifecycle + ", not waiting on the customer";
        }
        Instant due = ticket.getUpdatedAt().plus(Duration.ofDays(days));
        if (due.isAfter(now)) {
            return "activity at " + ticket.getUpdatedAt() + " moves the close to " + due;
        }
        return null;
    }

    private Outcome capture(Edit edit) {
        String agent = edit.command.getActor().getId();
        if (edit.command.getActor().getKind() != ActorKind.AGENT) {
            return edit.invalid("actor", "only an agent can take charge of a ticket");
        }
        edit.emit(new TicketCaptured(agent));
        edit.ticket.setAssigneeId(agent);
        startWork(edit);
        return edit.accept();
    }

    private Outcome assign(Edit edit, Assign assign) {
        String to = assign.getAgentId();
        if (to != null && !config.isTeamMember(to, edit.before.getDepartmentId())) {
            return edit.reject(
                    RejectionCode.NOT_IN_DEPARTMENT,
                    "agent " + to + " is not in the support team of " + edit.before.getDepartmentId(),
                    "agentId");
        }
        edit.emit(new TicketAssigned(edit.before.getAssigneeId(), to));
        edit.ticket.setAssigneeId(to);
        return edit.accept();
    }

    private Outcome transfer(Edit edit, Transfer transfer) {
        if (!config.departmentExists(transfer.getDepartmentId())) {
            return edit.invalid("departmentId", "unknown department " + transfer.getDepartmentId());
        }
        edit.emit(TicketTransferred.newBuilder()
                .setFromDepartmentId(edit.before.getDepartmentId())
                .setToDepartmentId(transfer.getDepartmentId())
                .setFromServiceId(edit.before.getServiceId())
                .setToServiceId(transfer.getServiceId())
                .setReason(transfer.getReason())
                .build());
        edit.ticket.setDepartmentId(transfer.getDepartmentId()).setServiceId(transfer.getServiceId());
        String assignee = edit.before.getAssigneeId();
        if (assignee != null && !config.isTeamMember(assignee, transfer.getDepartmentId())) {
            // The assignee cannot work in the new department: the ticket goes back to its queue.
            edit.emit(new TicketAssigned(assignee, null));
            edit.ticket.setAssigneeId(null);
        }
        return edit.accept();
    }

    private Outcome reply(Edit edit, Reply reply) {
        Actor author = edit.command.getActor();
        String own = firstOwnAddress(edit.before, reply.getCc());
        if (own != null) {
            return edit.invalid("cc", own + " is a support address of the helpdesk and cannot be copied");
        }
        List<Contact> addedCc = newContacts(edit.currentCc(), reply.getCc(), edit.before.getCustomer());
        if (!addedCc.isEmpty()) {
            edit.emit(new CcChanged(addedCc, List.of()));
            List<Contact> cc = new ArrayList<>(edit.currentCc());
            cc.addAll(addedCc);
            edit.ticket.setCc(cc);
            edit.participantsChanged = true;
        }
        String messageId = edit.command.getCommandId();
        String emailMessageId = outboundMessageId(edit.before.getTicketId(), messageId);
        List<String> emailIds = new ArrayList<>(edit.before.getEmailMessageIds());
        String inReplyTo = emailIds.isEmpty() ? null : emailIds.get(emailIds.size() - 1);
        edit.emit(MessageAdded.newBuilder()
                .setMessageId(messageId)
                .setAuthor(author)
                .setFrom(new Contact(
                        author.getEmail() == null ? author.getId() : author.getEmail(), author.getDisplayName(), null))
                .setDirection(MessageDirection.OUTBOUND)
                .setChannel(Channel.STAFF)
                .setBody(reply.getBody())
                .setAttachments(reply.getAttachments())
                .setEmailMessageId(emailMessageId)
                .setInReplyTo(inReplyTo)
                .setCc(edit.currentCc())
                .setAppendSignature(reply.getAppendSignature())
                .setCannedResponseId(reply.getCannedResponseId())
                .build());
        if (!emailIds.contains(emailMessageId)) {
            emailIds.add(emailMessageId);
        }
        edit.ticket.setEmailMessageIds(emailIds);
        edit.directory.put(
                DirectoryKeys.message(emailMessageId),
                DirectoryEntry.newBuilder()
                        .setTicketId(edit.before.getTicketId())
                        .build());
        edit.ticket
                .setMessageCount(edit.before.getMessageCount() + 1)
                .setAttachmentCount(edit.before.getAttachmentCount()
                        + reply.getAttachments().size())
                .setLastStaffActivityAt(edit.now);
        if (edit.before.getAssigneeId() == null && author.getKind() == ActorKind.AGENT) {
            // Answering an unassigned ticket takes charge of it, as in most helpdesks.
            edit.emit(new TicketAssigned(null, author.getId()));
            edit.ticket.setAssigneeId(author.getId());
        }
        startWork(edit);
        if (reply.getCloseOnReply() && edit.lifecycle() != LifecycleState.CLOSED) {
            closeWith(edit, CloseReason.CLOSE_ON_REPLY, null);
        }
        return edit.accept();
    }

    private Outcome customerReply(Edit edit, CustomerReply reply) {
        if (edit.lifecycle() == LifecycleState.CLOSED) {
            if (!withinReopenWindow(edit.before, edit.now)) {
                return edit.reject(
                        RejectionCode.REOPEN_WINDOW_EXPIRED,
                        "ticket #" + edit.before.getNumber() + " is closed and can no longer be reopened",
                        null);
            }
            reopenWith(edit, ReopenTrigger.CUSTOMER_REPLY);
        }
        Actor author = edit.command.getActor();
        edit.emit(MessageAdded.newBuilder()
                .setMessageId(edit.command.getCommandId())
                .setAuthor(author)
                .setFrom(new Contact(
                        author.getEmail() == null ? author.getId() : author.getEmail(), author.getDisplayName(), null))
                .setDirection(MessageDirection.INBOUND)
                .setChannel(Channel.PORTAL)
                .setBody(reply.getBody())
                .setAttachments(reply.getAttachments())
                .build());
        edit.ticket
                .setMessageCount(edit.before.getMessageCount() + 1)
                .setAttachmentCount(edit.before.getAttachmentCount()
                        + reply.getAttachments().size())
                .setLastCustomerActivityAt(edit.now);
        LifecycleState lifecycle = edit.lifecycle();
        if (lifecycle == LifecycleState.WAITING_ON_CUSTOMER || lifecycle == LifecycleState.RESOLVED) {
            setStatus(edit, config.statusFor(LifecycleState.OPEN), LifecycleState.OPEN);
        }
        return edit.accept();
    }

    private Outcome changeStatus(Edit edit, String statusId) {
        LifecycleState target = config.lifecycleOf(statusId).orElse(null);
        if (target == null) {
            return edit.invalid("statusId", "unknown status " + statusId);
        }
        if (edit.lifecycle() == LifecycleState.CLOSED && target != LifecycleState.CLOSED) {
            return edit.reject(
                    RejectionCode.CLOSED, "a closed ticket changes status only by being reopened", "statusId");
        }
        if (target == LifecycleState.CLOSED) {
            return close(edit, null, statusId);
        }
        setStatus(edit, statusId, target);
        return edit.accept();
    }

    private Outcome close(Edit edit, String note) {
        return close(edit, note, config.statusFor(LifecycleState.CLOSED));
    }

    private Outcome close(Edit edit, String note, String statusId) {
        if (edit.lifecycle() == LifecycleState.CLOSED) {
            return edit.reject(RejectionCode.CLOSED, "ticket #" + edit.before.getNumber() + " is closed already", null);
        }
        CloseReason reason = switch (edit.command.getActor().getKind()) {
            case CUSTOMER -> CloseReason.CUSTOMER;
            case SYSTEM -> CloseReason.OTHER;
            default -> CloseReason.AGENT;
        };
        closeWith(edit, reason, note, statusId);
        return edit.accept();
    }

    private void closeWith(Edit edit, CloseReason reason, String note) {
        closeWith(edit, reason, note, config.statusFor(LifecycleState.CLOSED));
    }

    private void closeWith(Edit edit, CloseReason reason, String note, String statusId) {
        edit.emit(TicketClosed.newBuilder()
                .setReason(reason)
                .setNote(note)
                .setFromStatusId(edit.statusId())
                .setToStatusId(statusId)
                .build());
        edit.ticket.setStatusId(statusId).setLifecycle(LifecycleState.CLOSED).setClosedAt(edit.now);
        if (edit.ticket.getResolvedAt() == null) {
            edit.ticket.setResolvedAt(edit.now);
        }
    }

    private Outcome reopen(Edit edit) {
        if (edit.lifecycle() != LifecycleState.CLOSED) {
            return edit.invalid("ticketId", "ticket #" + edit.before.getNumber() + " is not closed");
        }
        boolean customer = edit.command.getActor().getKind() == ActorKind.CUSTOMER;
        if (customer && !withinReopenWindow(edit.before, edit.now)) {
            return edit.reject(
                    RejectionCode.REOPEN_WINDOW_EXPIRED,
                    "ticket #" + edit.before.getNumber() + " can no longer be reopened",
                    null);
        }
        reopenWith(edit, customer ? ReopenTrigger.CUSTOMER : ReopenTrigger.AGENT);
        return edit.accept();
    }

    private void reopenWith(Edit edit, ReopenTrigger trigger) {
        String open = config.statusFor(LifecycleState.OPEN);
        edit.emit(TicketReopened.newBuilder()
                .setTrigger(trigger)
                .setPreviousClosedAt(edit.before.getClosedAt())
                .setFromStatusId(edit.statusId())
                .setToStatusId(open)
                .build());
        edit.ticket
                .setStatusId(open)
                .setLifecycle(LifecycleState.OPEN)
                .setClosedAt(null)
                .setResolvedAt(null);
    }

    private Outcome logTime(Edit edit, LogTime time) {
        if (time.getMinutes() <= 0) {
            return edit.invalid("minutes", "time entries must be positive, was " + time.getMinutes());
        }
        String agent = edit.command.getActor().getId();
        edit.emit(TimeLogged.newBuilder()
                .setEntryId(edit.command.getCommandId())
                .setAgentId(agent)
                .setMinutes(time.getMinutes())
                .setNote(time.getNote())
                .setCategory(time.getCategory())
                .setWorkedAt(time.getWorkedAt())
                .build());
        edit.addTime(agent, time.getMinutes());
        return edit.accept();
    }

    private Outcome startTimer(Edit edit) {
        String agent = edit.command.getActor().getId();
        if (edit.before.getRunningTimers().stream()
                .anyMatch(timer -> timer.getAgentId().equals(agent))) {
            return edit.invalid("actor", "a timer of " + agent + " is already running on this ticket");
        }
        edit.emit(new TimerStarted(agent));
        List<RunningTimer> timers = new ArrayList<>(edit.before.getRunningTimers());
        timers.add(new RunningTimer(agent, edit.now));
        edit.ticket.setRunningTimers(timers);
        return edit.accept();
    }

    private Outcome stopTimer(Edit edit, StopTimer stop) {
        String agent = edit.command.getActor().getId();
        RunningTimer timer = edit.before.getRunningTimers().stream()
                .filter(running -> running.getAgentId().equals(agent))
                .findFirst()
                .orElse(null);
        if (timer == null) {
            return edit.invalid("actor", "no timer of " + agent + " is running on this ticket");
        }
        long seconds =
                Math.max(0, Duration.between(timer.getStartedAt(), edit.now).toSeconds());
        // Started minutes count: a 20-second session is a minute of work.
        int minutes = (int) Math.max(1, (seconds + 59) / 60);
        edit.emit(new TimerStopped(agent, timer.getStartedAt(), minutes, edit.command.getCommandId()));
        List<RunningTimer> timers = new ArrayList<>(edit.before.getRunningTimers());
        timers.remove(timer);
        edit.ticket.setRunningTimers(timers);
        edit.addTime(agent, minutes);
        return edit.accept();
    }

    private Outcome addCc(Edit edit, Contact contact) {
        if (firstOwnAddress(edit.before, List.of(contact)) != null) {
            return edit.invalid(
                    "contact", contact.getEmail() + " is a support address of the helpdesk and cannot be copied");
        }
        List<Contact> added = newContacts(edit.currentCc(), List.of(contact), edit.before.getCustomer());
        if (added.isEmpty()) {
            return edit.invalid("contact", contact.getEmail() + " is already on the ticket");
        }
        edit.emit(new CcChanged(added, List.of()));
        List<Contact> cc = new ArrayList<>(edit.currentCc());
        cc.addAll(added);
        edit.ticket.setCc(cc);
        edit.participantsChanged = true;
        return edit.accept();
    }

    private Outcome removeCc(Edit edit, String email) {
        String address = Threading.normalizeAddress(email);
        List<Contact> kept = edit.currentCc().stream()
                .filter(cc -> !Threading.normalizeAddress(cc.getEmail()).equals(address))
                .toList();
        if (kept.size() == edit.currentCc().size()) {
            return edit.invalid("email", email + " is not copied on the ticket");
        }
        edit.emit(new CcChanged(List.of(), List.of(address)));
        edit.ticket.setCc(kept);
        edit.participantsChanged = true;
        return edit.accept();
    }

    private Outcome setTags(Edit edit, List<String> wanted) {
        Set<String> tags = new LinkedHashSet<>();
        for (String tag : wanted) {
            if (!tag.isBlank()) {
                tags.add(tag.trim());
            }
        }
        List<String> before = edit.before.getTags();
        List<String> added = tags.stream().filter(tag -> !before.contains(tag)).toList();
        List<String> removed =
                before.stream().filter(tag -> !tags.contains(tag)).toList();
        edit.emit(new TagsChanged(added, removed, List.copyOf(tags)));
        edit.ticket.setTags(List.copyOf(tags));
        return edit.accept();
    }

    private Outcome create(
            String ticketId, TicketCommand command, CreateTicket create, Instant now, LongSupplier numbers) {
        Actor actor = command.getActor();
        boolean customer = actor.getKind() == ActorKind.CUSTOMER;
        if (customer
                && !Threading.normalizeAddress(create.getCustomer().getEmail())
                        .equals(Threading.normalizeAddress(
                                actor.getEmail() != null ? actor.getEmail() : actor.getId()))) {
            return reject(
                    command,
                    ticketId,
                    RejectionCode.FORBIDDEN,
                    "customers open tickets in their own name",
                    "customer",
                    now);
        }
        String department = config.departmentExists(create.getDepartmentId())
                ? create.getDepartmentId()
                : config.defaultDepartmentId();
        if (create.getDepartmentId() != null && !department.equals(create.getDepartmentId())) {
            return reject(
                    command,
                    ticketId,
                    RejectionCode.INVALID,
                    "unknown department " + create.getDepartmentId(),
                    "departmentId",
                    now);
        }
        if (actor.getKind() == ActorKind.AGENT && !config.isTeamMember(actor.getId(), department)) {
            return reject(
                    command,
                    ticketId,
                    RejectionCode.FORBIDDEN,
                    "agent " + actor.getId() + " is not in department " + department,
                    null,
                    now);
        }
        // Customers choose neither the assignee nor the priority; staff choices are checked.
        String assignee = customer ? null : create.getAssigneeId();
        if (assignee != null && !config.isTeamMember(assignee, department)) {
            return reject(
                    command,
                    ticketId,
                    RejectionCode.NOT_IN_DEPARTMENT,
                    "agent " + assignee + " is not in the support team of " + department,
                    "assigneeId",
                    now);
        }
        if (!config.categoryAcceptable(create.getCategoryId())) {
            return reject(
                    command,
                    ticketId,
                    RejectionCode.INVALID,
                    "unknown category " + create.getCategoryId(),
                    "categoryId",
                    now);
        }
        if (!config.typeAcceptable(create.getTypeId())) {
            return reject(
                    command, ticketId, RejectionCode.INVALID, "unknown type " + create.getTypeId(), "typeId", now);
        }
        String priority = !customer && config.priorityExists(create.getPriorityId())
                ? create.getPriorityId()
                : config.defaultPriorityId();
        String own = firstOwnAddress(null, create.getCc());
        if (own != null) {
            return reject(
                    command,
                    ticketId,
                    RejectionCode.INVALID,
                    own + " is a support address of the helpdesk and cannot be copied",
                    "cc",
                    now);
        }
        long number = numbers.getAsLong();
        boolean spam = spamSender.test(create.getCustomer().getEmail());
        Channel channel = create.getChannel() != null
                ? create.getChannel()
                : actor.getKind() == ActorKind.CUSTOMER ? Channel.PORTAL : Channel.STAFF;
        String status = config.statusFor(LifecycleState.NEW);
        List<Contact> cc = newContacts(List.of(), create.getCc(), create.getCustomer());
        TicketOpened opened = TicketOpened.newBuilder()
                .setSubject(create.getSubject())
                .setCustomer(create.getCustomer())
                .setCc(cc)
                .setChannel(channel)
                .setDepartmentId(department)
                .setServiceId(create.getServiceId())
                .setPriorityId(priority)
                .setCategoryId(create.getCategoryId())
                .setTypeId(create.getTypeId())
                .setStatusId(status)
                .setLifecycle(LifecycleState.NEW)
                .setAssigneeId(assignee)
                .setSpam(spam)
                .setFirstMessageId(command.getCommandId())
                .setBody(create.getBody())
                .setAttachments(create.getAttachments())
                .setTags(create.getTags())
                .setLanguage(create.getLanguage())
                .build();
        Ticket ticket = IntakeDecider.opened(ticketId, number, opened, now)
                .setLastCustomerActivityAt(actor.getKind() == ActorKind.CUSTOMER ? now : null)
                .setLastStaffActivityAt(actor.getKind() == ActorKind.CUSTOMER ? null : now)
                .build();
        TicketAggregate state = TicketAggregate.newBuilder()
                .setTicket(ticket)
                .setCommandIds(List.of(command.getCommandId()))
                .build();
        TicketEvent event = event(ticket, 1, now, command, opened);
        return new Outcome(
                state,
                List.of(event),
                Map.of(DirectoryKeys.number(number), IntakeDecider.numberEntry(ticket)),
                null,
                accepted(command, ticket, false, now));
    }

    private void setStatus(Edit edit, String statusId, LifecycleState target) {
        LifecycleState from = edit.lifecycle();
        edit.emit(new StatusChanged(edit.statusId(), statusId, from, target));
        edit.ticket.setStatusId(statusId).setLifecycle(target);
        if (target == LifecycleState.RESOLVED) {
            edit.ticket.setResolvedAt(edit.now);
        } else if (from == LifecycleState.RESOLVED) {
            edit.ticket.setResolvedAt(null);
        }
        if (target != LifecycleState.NEW && edit.ticket.getStartedAt() == null) {
            edit.ticket.setStartedAt(edit.now);
        }
    }

    /** The first staff action on a new ticket opens it. */
    private void startWork(Edit edit) {
        if (edit.lifecycle() == LifecycleState.NEW) {
            setStatus(edit, config.statusFor(LifecycleState.OPEN), LifecycleState.OPEN);
        }
    }

    private boolean withinReopenWindow(Ticket ticket, Instant now) {
        int days = config.settings().getReopenWindowDays();
        if (days < 0) {
            return true;
        }
        if (days == 0 || ticket.getClosedAt() == null) {
            return false;
        }
        return !now.isAfter(ticket.getClosedAt().plus(Duration.ofDays(days)));
    }

    private static boolean isParticipant(Ticket ticket, String email) {
        String address = Threading.normalizeAddress(email);
        return Threading.normalizeAddress(ticket.getCustomer().getEmail()).equals(address)
                || ticket.getCc().stream()
                        .anyMatch(
                                cc -> Threading.normalizeAddress(cc.getEmail()).equals(address));
    }

    /**
     * The Message-ID of a staff reply: one the helpdesk generates, naming the ticket when its id
     * is a UUID (every ticket from mail, the gateway and the portal), so that a reply threads back
     * even where the directory has not caught up.
     */
    private String outboundMessageId(String ticketId, String messageId) {
        String domain = config.settings().getMessageIdDomain();
        return UUID_TICKET_ID.matcher(ticketId).matches()
                ? MailIds.outbound(ticketId, messageId, domain)
                : MailIds.outbound(ticketId + "/" + messageId, domain);
    }

    /** The first of the contacts that is a support address of the helpdesk (or the ticket's own), else null. */
    private String firstOwnAddress(Ticket ticket, List<Contact> contacts) {
        String ticketAddress = ticket == null ? "" : Threading.normalizeAddress(ticket.getSupportAddress());
        for (Contact contact : contacts) {
            String email = Threading.normalizeAddress(contact.getEmail());
            if ((!email.isEmpty() && email.equals(ticketAddress))
                    || config.supportAddress(email).isPresent()) {
                return contact.getEmail();
            }
        }
        return null;
    }

    private List<Contact> withoutOwnAddresses(Ticket ticket, List<Contact> contacts) {
        return contacts.stream()
                .filter(contact -> firstOwnAddress(ticket, List.of(contact)) == null)
                .toList();
    }

    private static List<Contact> newContacts(List<Contact> existing, List<Contact> candidates, Contact customer) {
        Map<String, Contact> added = new LinkedHashMap<>();
        Set<String> known = new java.util.HashSet<>();
        known.add(Threading.normalizeAddress(customer.getEmail()));
        existing.forEach(cc -> known.add(Threading.normalizeAddress(cc.getEmail())));
        for (Contact contact : candidates) {
            String address = Threading.normalizeAddress(contact.getEmail());
            if (!address.isEmpty() && !known.contains(address)) {
                added.putIfAbsent(address, contact);
            }
        }
        return List.copyOf(added.values());
    }

    private static TicketEvent event(Ticket ticket, long version, Instant now, TicketCommand command, Object payload) {
        return event(ticket, version, now, command, command.getCorrelationId(), payload);
    }

    private static TicketEvent event(
            Ticket ticket, long version, Instant now, TicketCommand cause, String correlationId, Object payload) {
        return TicketEvent.newBuilder()
                .setEventId(ticket.getTicketId() + ":" + version)
                .setTicketId(ticket.getTicketId())
                .setTicketNumber(ticket.getNumber())
                .setVersion(version)
                .setOccurredAt(now)
                .setActor(cause.getActor())
                .setCorrelationId(correlationId)
                .setCausationId(cause.getCommandId())
                .setPayload(payload)
                .build();
    }

    private static CommandResult accepted(TicketCommand command, Ticket ticket, boolean duplicate, Instant now) {
        return CommandResult.newBuilder()
                .setCorrelationId(command.getCorrelationId())
                .setCommandId(command.getCommandId())
                .setTicketId(ticket.getTicketId())
                .setTicketNumber(ticket.getNumber())
                .setOutcome(CommandOutcome.ACCEPTED)
                .setNewVersion(ticket.getVersion())
                .setDuplicate(duplicate)
                .setProcessedAt(now)
                .build();
    }

    private static Outcome reject(
            TicketCommand command, String ticketId, RejectionCode code, String message, String field, Instant now) {
        CommandResult result = CommandResult.newBuilder()
                .setCorrelationId(command.getCorrelationId())
                .setCommandId(command.getCommandId())
                .setTicketId(ticketId)
                .setOutcome(CommandOutcome.REJECTED)
                .setRejectionCode(code)
                .setMessage(message)
                .setField(field)
                .setProcessedAt(now)
                .build();
        return new Outcome(null, List.of(), Map.of(), null, result);
    }

    /** One command being applied: the ticket as it was, the ticket being built and the events. */
    private final class Edit {
        final TicketAggregate current;
        final Ticket before;
        final Ticket.Builder ticket;
        final TicketCommand command;
        final Instant now;
        final List<TicketEvent> events = new ArrayList<>();
        final Map<String, DirectoryEntry> directory = new HashMap<>();
        final Map<String, Long> agentMinutes;
        final String correlationId;
        long version;
        boolean participantsChanged;

        Edit(TicketAggregate current, TicketCommand command, Instant now) {
            this(current, command, now, command.getCorrelationId());
        }

        /** An edit whose events carry {@code correlationId} (null: nobody waits on an answer). */
        Edit(TicketAggregate current, TicketCommand command, Instant now, String correlationId) {
            this.current = current;
            this.before = current.getTicket();
            this.ticket = Ticket.newBuilder(before);
            this.command = command;
            this.now = now;
            this.correlationId = correlationId;
            this.version = before.getVersion();
            this.agentMinutes = new HashMap<>(before.getTimeSpentByAgent());
        }

        void emit(Object payload) {
            version++;
            events.add(event(before, version, now, command, correlationId, payload));
        }

        LifecycleState lifecycle() {
            return ticket.getLifecycle();
        }

        String statusId() {
            return ticket.getStatusId();
        }

        List<Contact> currentCc() {
            return ticket.getCc();
        }

        void addTime(String agent, long minutes) {
            agentMinutes.merge(agent, minutes, Long::sum);
            ticket.setTimeSpentMinutes(ticket.getTimeSpentMinutes() + minutes)
                    .setTimeSpentByAgent(new HashMap<>(agentMinutes));
        }

        Outcome accept() {
            Ticket after = ticket.setVersion(version).setUpdatedAt(now).build();
            List<String> commands = new ArrayList<>(current.getCommandIds());
            commands.add(command.getCommandId());
            if (commands.size() > REMEMBERED_COMMANDS) {
                commands = new ArrayList<>(commands.subList(commands.size() - REMEMBERED_COMMANDS, commands.size()));
            }
            TicketAggregate state = TicketAggregate.newBuilder(current)
                    .setTicket(after)
                    .setCommandIds(commands)
                    .build();
            if (participantsChanged) {
                directory.put(DirectoryKeys.number(after.getNumber()), IntakeDecider.numberEntry(after));
            }
            return new Outcome(state, List.copyOf(events), directory, null, accepted(command, after, false, now));
        }

        Outcome invalid(String field, String message) {
            return reject(RejectionCode.INVALID, message, field);
        }

        Outcome reject(RejectionCode code, String message, String field) {
            return CommandDecider.reject(command, before.getTicketId(), code, message, field, now);
        }
    }
}
