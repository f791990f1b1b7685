package dev.helpstream.notifier.planner;

import dev.helpstream.schema.Contact;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.event.CategoryChanged;
import dev.helpstream.schema.event.CcChanged;
import dev.helpstream.schema.event.DueDateChanged;
import dev.helpstream.schema.event.ImportantChanged;
import dev.helpstream.schema.event.MarkedNotSpam;
import dev.helpstream.schema.event.MarkedSpam;
import dev.helpstream.schema.event.MessageAdded;
import dev.helpstream.schema.event.PriorityChanged;
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
import dev.helpstream.schema.event.TypeChanged;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The notification context of a ticket, folded from its events alone: what the planners need to
 * address, thread and describe a mail (customer, CCs, support address, department, status,
 * priority, category, assignee, due date, language, spam/deleted/merged flags and the email
 * Message-IDs of the thread). The context after event version V depends only on the events up to
 * V, so a replay plans the same mails.
 *
 * <p>{@code References} carries at most {@value #MAX_REFERENCES} Message-IDs: the first one (the
 * mail that opened the conversation) and the newest others. The stored thread keeps one more, the
 * same way, so a staff reply whose own id is already in it still references as many.
 */
final class TicketContexts {

    static final int MAX_REFERENCES = 20;
    static final int MAX_THREAD_IDS = MAX_REFERENCES + 1;

    private TicketContexts() {}

    /** The context of a ticket just opened. */
    static Ticket opened(TicketEvent event, TicketOpened opened) {
        List<String> thread = new ArrayList<>();
        if (opened.getEmailMessageId() != null && !opened.getEmailMessageId().isBlank()) {
            thread.add(opened.getEmailMessageId());
        }
        return Ticket.newBuilder()
                .setTicketId(event.getTicketId())
                .setNumber(event.getTicketNumber())
                .setVersion(event.getVersion())
                .setSubject(opened.getSubject())
                .setCustomer(opened.getCustomer())
                .setCc(distinct(opened.getCc(), List.of()))
                .setChannel(opened.getChannel())
                .setSupportAddress(opened.getSupportAddress())
                .setDepartmentId(opened.getDepartmentId())
                .setServiceId(opened.getServiceId())
                .setTypeId(opened.getTypeId())
                .setCategoryId(opened.getCategoryId())
                .setPriorityId(opened.getPriorityId())
                .setImportant(opened.getImportant())
                .setStatusId(opened.getStatusId())
                .setLifecycle(opened.getLifecycle())
                .setAssigneeId(opened.getAssigneeId())
                .setCreatedAt(event.getOccurredAt())
                .setUpdatedAt(event.getOccurredAt())
                .setTags(opened.getTags())
                .setSpam(opened.getSpam())
                .setEmailMessageIds(thread)
                .setLanguage(opened.getLanguage())
                .build();
    }

    /** The context after {@code event}, which follows {@code before}. */
    static Ticket apply(Ticket before, TicketEvent event) {
        Ticket.Builder after =
                Ticket.newBuilder(before).setVersion(event.getVersion()).setUpdatedAt(event.getOccurredAt());
        Object payload = event.getPayload();
        if (payload instanceof MessageAdded message) {
            after.setEmailMessageIds(withThreadId(before.getEmailMessageIds(), message.getEmailMessageId()));
        } else if (payload instanceof CcChanged cc) {
            after.setCc(distinct(before.getCc(), cc.getRemoved(), cc.getAdded()));
        } else if (payload instanceof TicketTransferred transfer) {
            after.setDepartmentId(transfer.getToDepartmentId()).setServiceId(transfer.getToServiceId());
        } else if (payload instanceof TicketAssigned assigned) {
            after.setAssigneeId(assigned.getToAgentId());
        } else if (payload instanceof TicketCaptured captured) {
            after.setAssigneeId(captured.getAgentId());
        } else if (payload instanceof PriorityChanged priority) {
            after.setPriorityId(priority.getToPriorityId());
        } else if (payload instanceof StatusChanged status) {
            after.setStatusId(status.getToStatusId()).setLifecycle(status.getToLifecycle());
        } else if (payload instanceof CategoryChanged category) {
            after.setCategoryId(category.getToCategoryId());
        } else if (payload instanceof TypeChanged type) {
            after.setTypeId(type.getToTypeId());
        } else if (payload instanceof DueDateChanged due) {
            after.setDueAt(due.getToDueAt());
        } else if (payload instanceof TicketClosed closed) {
            after.setStatusId(closed.getToStatusId())
                    .setLifecycle(LifecycleState.CLOSED)
                    .setClosedAt(event.getOccurredAt());
        } else if (payload instanceof TicketReopened reopened) {
            // Routing reopens into the OPEN lifecycle whatever the status is called.
            after.setStatusId(reopened.getToStatusId())
                    .setLifecycle(LifecycleState.OPEN)
                    .setClosedAt(null);
        } else if (payload instanceof TicketMerged merged) {
            after.setMergedIntoTicketId(merged.getIntoTicketId());
        } else if (payload instanceof TicketMergedIn mergedIn) {
            List<String> thread = before.getEmailMessageIds();
            for (String id : mergedIn.getEmailMessageIds()) {
                thread = withThreadId(thread, id);
            }
            after.setEmailMessageIds(thread).setCc(distinct(before.getCc(), List.of(), mergedIn.getCc()));
        } else if (payload instanceof TicketDeleted) {
            after.setDeleted(true);
        } else if (payload instanceof MarkedSpam) {
            after.setSpam(true);
        } else if (payload instanceof MarkedNotSpam) {
            after.setSpam(false);
        } else if (payload instanceof ImportantChanged important) {
            after.setImportant(important.getImportant());
        } else if (payload instanceof TagsChanged tags) {
            after.setTags(tags.getTags());
        }
        return after.build();
    }

    /** The context with one more Message-ID in its thread (a mail the notifier planned). */
    static Ticket withThreadMessage(Ticket ticket, String messageId) {
        List<String> thread = withThreadId(ticket.getEmailMessageIds(), messageId);
        return thread.equals(ticket.getEmailMessageIds())
                ? ticket
                : Ticket.newBuilder(ticket).setEmailMessageIds(thread).build();
    }

    /**
     * The ids oldest first with {@code id} appended (unless blank or present), keeping the first
     * id and the newest others within {@value #MAX_THREAD_IDS}.
     */
    static List<String> withThreadId(List<String> ids, String id) {
        if (id == null || id.isBlank() || ids.contains(id)) {
            return ids;
        }
        List<String> thread = new ArrayList<>(ids);
        thread.add(id);
        while (thread.size() > MAX_THREAD_IDS) {
            thread.remove(1);
        }
        return thread;
    }

    /** {@code ids} as {@code References} carries them: the first and the newest others. */
    static List<String> references(List<String> ids) {
        if (ids.size() <= MAX_REFERENCES) {
            return List.copyOf(ids);
        }
        List<String> capped = new ArrayList<>();
        capped.add(ids.get(0));
        capped.addAll(ids.subList(ids.size() - (MAX_REFERENCES - 1), ids.size()));
        return capped;
    }

    private static List<Contact> distinct(List<Contact> current, List<String> removed) {
        return distinct(current, removed, List.of());
    }

    /** {@code current} without {@code removed}, then {@code added}: one contact per address. */
    private static List<Contact> distinct(List<Contact> current, List<String> removed, List<Contact> added) {
        List<String> gone = removed.stream().map(TicketContexts::key).toList();
        List<Contact> result = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (List<Contact> contacts : List.of(current, added)) {
            for (Contact contact : contacts) {
                String key = key(contact.getEmail());
                if (!gone.contains(key) && !seen.contains(key)) {
                    seen.add(key);
                    result.add(contact);
                }
            }
        }
        return result;
    }

    private static String key(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }
}
