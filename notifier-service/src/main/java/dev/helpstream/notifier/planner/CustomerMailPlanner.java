package dev.helpstream.notifier.planner;

import static dev.helpstream.notifier.planner.Placeholders.ACTOR_NAME;
import static dev.helpstream.notifier.planner.Placeholders.AGENT_NAME;
import static dev.helpstream.notifier.planner.Placeholders.INACTIVE_SINCE;
import static dev.helpstream.notifier.planner.Placeholders.MESSAGE_TEXT;
import static dev.helpstream.notifier.planner.Placeholders.PREVIOUS_CATEGORY;
import static dev.helpstream.notifier.planner.Placeholders.PREVIOUS_DUE;
import static dev.helpstream.notifier.planner.Placeholders.PREVIOUS_PRIORITY;
import static dev.helpstream.notifier.planner.Placeholders.PREVIOUS_STATUS;
import static dev.helpstream.notifier.planner.Placeholders.REASON;
import static dev.helpstream.notifier.planner.Placeholders.REOPEN_UNTIL;
import static dev.helpstream.notifier.planner.Placeholders.SIGNATURE;

import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.AttachmentRef;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.EmailDelivery;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.config.Agent;
import dev.helpstream.schema.config.CustomerNotificationSettings;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.config.EmailTemplateKind;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.event.CategoryChanged;
import dev.helpstream.schema.event.CloseReason;
import dev.helpstream.schema.event.DueDateChanged;
import dev.helpstream.schema.event.MessageAdded;
import dev.helpstream.schema.event.MessageDirection;
import dev.helpstream.schema.event.PriorityChanged;
import dev.helpstream.schema.event.StatusChanged;
import dev.helpstream.schema.event.TicketClosed;
import dev.helpstream.schema.event.TicketOpened;
import dev.helpstream.schema.event.TicketReopened;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans the customer's email for a ticket event: the acknowledgement of a new ticket, a staff
 * reply, and notices of status, priority, category and due-date changes, closing and reopening,
 * each switchable in {@code HelpdeskSettings.customerNotifications}. A close for inactivity (the
 * SLA processor's auto-close) is worded as such and says how to reopen under the reopen window.
 *
 * <p>Input: {@link TicketChange}s from the context processor. Output: at most one {@link
 * EmailDelivery} per event, keyed by ticket id, with delivery id {@code <eventId>:customer}, to
 * the customer with the ticket's CCs in copy. Every mail is threaded ({@code In-Reply-To} the
 * newest Message-ID of the ticket, {@code References} the thread oldest first) and carries the
 * loop marker; machine-written ones say so in {@code Auto-Submitted}. The Message-ID of each
 * planned mail joins the ticket's thread in {@code ticket-context}, so the next mail threads under
 * it.
 *
 * <p>Invariant: nothing goes to a spam or deleted ticket, to a customer who is a support address
 * of the helpdesk (a loop), or in answer to machine-written mail ({@code autoReplyAllowed=false});
 * a ticket opened by machine-written mail gets staff replies only, never an automatic mail;
 * notices of what the customer did themselves are not sent back to them. The notice and the
 * filters' automatic reply are planned each on its own ({@link AudienceGuard}).
 */
final class CustomerMailPlanner implements Processor<String, TicketChange, String, EmailDelivery> {

    private static final Logger log = LoggerFactory.getLogger(CustomerMailPlanner.class);

    private final NotificationTopology.Settings settings;
    private ProcessorContext<String, EmailDelivery> context;
    private NotifierConfig config;
    private KeyValueStore<String, Ticket> contexts;

    CustomerMailPlanner(NotificationTopology.Settings settings) {
        this.settings = settings;
    }

    /** What to send: the template, its own values, and what differs from a plain notice. */
    private record Notice(
            EmailTemplateKind kind,
            String autoSubmitted,
            Map<String, String> values,
            String messageId,
            String senderName,
            List<AttachmentRef> attachments,
            String audience,
            List<String> cannedResponseIds,
            String variant) {

        static Notice of(EmailTemplateKind kind, String autoSubmitted, Map<String, String> values) {
            return new Notice(kind, autoSubmitted, values, null, null, List.of(), "customer", List.of(), null);
        }

        Notice withVariant(String builtInVariant) {
            return new Notice(
                    kind,
                    autoSubmitted,
                    values,
                    messageId,
                    senderName,
                    attachments,
                    audience,
                    cannedResponseIds,
                    builtInVariant);
        }
    }

    @Override
    public void init(ProcessorContext<String, EmailDelivery> context) {
        this.context = context;
        this.config = new NotifierConfig(context.getStateStore(NotificationTopology.CONFIG_STORE));
        this.contexts = context.getStateStore(NotificationTopology.CONTEXT_STORE);
    }

    @Override
    public void process(Record<String, TicketChange> record) {
        TicketChange change = record.value();
        Ticket ticket = change.after();
        if (ticket.getSpam() || ticket.getDeleted() || !mayWriteAbout(change)) {
            return;
        }
        HelpdeskSettings helpdesk = config.settings();
        String eventId = change.event().getEventId();
        long timestamp = record.timestamp();
        // The acknowledgement or notice, then the filters' automatic reply threaded under it; each
        // fails on its own, so a broken acknowledgement template still lets the reply go.
        TicketChange threaded = AudienceGuard.plan(
                        log,
                        eventId,
                        "customer",
                        () -> notice(change, helpdesk.getCustomerNotifications())
                                .filter(notice -> toCustomer(ticket, notice))
                                .map(notice -> send(change, notice, helpdesk, timestamp))
                                .orElse(change))
                .orElse(change);
        AudienceGuard.run(
                log,
                eventId,
                "customer:auto-reply",
                () -> autoReply(change)
                        .filter(reply -> toCustomer(ticket, reply))
                        .ifPresent(reply -> send(threaded, reply, helpdesk, timestamp)));
    }

    /**
     * Whether the customer may get mail about the change at all: nothing answers machine-written
     * mail, and a ticket that machine-written mail opened (a mailing list, a robot, an
     * auto-responder) gets, for its whole life, only what a person on the staff writes to it:
     * automatic notices could start a loop with responders that ignore {@code Auto-Submitted}.
     */
    private static boolean mayWriteAbout(TicketChange change) {
        TicketEvent event = change.event();
        if (event.getPayload() instanceof MessageAdded message
                && message.getDirection() == MessageDirection.INBOUND
                && !message.getAutoReplyAllowed()) {
            return false;
        }
        if (change.openedByMachine() && !isStaffReply(event)) {
            log.debug(
                    "No automatic mail about event {}: ticket {} was opened by machine-written mail",
                    event.getEventId(),
                    event.getTicketId());
            return false;
        }
        return true;
    }

    private static boolean isStaffReply(TicketEvent event) {
        return event.getPayload() instanceof MessageAdded message
                && message.getDirection() == MessageDirection.OUTBOUND
                && (message.getAuthor().getKind() == ActorKind.AGENT
                        || message.getAuthor().getKind() == ActorKind.ADMIN);
    }

    /** Whether the customer can be written to: never when their address is a support address. */
    private boolean toCustomer(Ticket ticket, Notice notice) {
        if (config.isSupportAddress(ticket.getCustomer().getEmail())) {
            log.debug(
                    "No {} for ticket {}: its customer {} is a support address",
                    notice.kind(),
                    ticket.getTicketId(),
                    ticket.getCustomer().getEmail());
            return false;
        }
        return true;
    }

    /** Plans and forwards the mail; the change as it stands with the mail in the ticket's thread. */
    private TicketChange send(TicketChange change, Notice notice, HelpdeskSettings helpdesk, long timestamp) {
        Ticket ticket = change.after();
        EmailDelivery delivery = plan(change, notice, helpdesk, timestamp);
        context.forward(new Record<>(ticket.getTicketId(), delivery, timestamp));
        // Only a mail that was planned joins the thread the next mail replies to.
        Ticket stored = contexts.get(ticket.getTicketId());
        if (stored != null) {
            contexts.put(ticket.getTicketId(), TicketContexts.withThreadMessage(stored, delivery.getMessageId()));
        }
        return change.withAfter(TicketContexts.withThreadMessage(ticket, delivery.getMessageId()));
    }

    /**
     * The automatic replies filters asked for on a new ticket (canned responses, placeholders filled
     * in), as one mail after the acknowledgement; never to machine-generated mail.
     */
    private Optional<Notice> autoReply(TicketChange change) {
        if (!(change.event().getPayload() instanceof TicketOpened opened)
                || !opened.getAutoReplyAllowed()
                || opened.getAutoReplyCannedResponseIds().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Notice(
                EmailTemplateKind.CUSTOMER_AUTO_REPLY,
                MailParts.AUTO_REPLIED,
                Map.of(),
                null,
                null,
                List.of(),
                "customer:auto-reply",
                opened.getAutoReplyCannedResponseIds(),
                null));
    }

    private Optional<Notice> notice(TicketChange change, CustomerNotificationSettings switches) {
        TicketEvent event = change.event();
        Object payload = event.getPayload();
        if (payload instanceof TicketOpened opened) {
            return switches.getTicketOpened() && opened.getAutoReplyAllowed()
                    ? Optional.of(Notice.of(
                            EmailTemplateKind.CUSTOMER_TICKET_OPENED,
                            MailParts.AUTO_REPLIED,
                            Map.of(MESSAGE_TEXT, opened.getBody().getText())))
                    : Optional.empty();
        }
        if (payload instanceof MessageAdded message) {
            return message.getDirection() == MessageDirection.OUTBOUND && switches.getStaffReply()
                    ? Optional.of(staffReply(change.after(), message))
                    : Optional.empty();
        }
        if (event.getActor().getKind() == ActorKind.CUSTOMER) {
            // The customer knows what they did; telling them again is noise.
            return Optional.empty();
        }
        if (payload instanceof StatusChanged status) {
            boolean closing = status.getFromLifecycle() == LifecycleState.CLOSED
                    || status.getToLifecycle() == LifecycleState.CLOSED;
            // The first staff action (a capture, a note, the reply itself) opens a new ticket: work
            // starting is not news to the customer, and the reply, if any, says more.
            boolean workStarted =
                    status.getFromLifecycle() == LifecycleState.NEW && status.getToLifecycle() == LifecycleState.OPEN;
            return switches.getStatusChanged() && !closing && !workStarted
                    ? Optional.of(Notice.of(
                            EmailTemplateKind.CUSTOMER_STATUS_CHANGED,
                            MailParts.AUTO_GENERATED,
                            Map.of(PREVIOUS_STATUS, config.statusName(status.getFromStatusId()))))
                    : Optional.empty();
        }
        if (payload instanceof PriorityChanged priority) {
            return switches.getPriorityChanged()
                    ? Optional.of(Notice.of(
                            EmailTemplateKind.CUSTOMER_PRIORITY_CHANGED,
                            MailParts.AUTO_GENERATED,
                            Map.of(PREVIOUS_PRIORITY, config.priorityName(priority.getFromPriorityId()))))
                    : Optional.empty();
        }
        if (payload instanceof CategoryChanged category) {
            String previous =
                    category.getFromCategoryId() == null ? "—" : config.categoryName(category.getFromCategoryId());
            return switches.getCategoryChanged()
                    ? Optional.of(Notice.of(
                            EmailTemplateKind.CUSTOMER_CATEGORY_CHANGED,
                            MailParts.AUTO_GENERATED,
                            Map.of(PREVIOUS_CATEGORY, previous)))
                    : Optional.empty();
        }
        if (payload instanceof DueDateChanged due) {
            return switches.getDueDateChanged()
                    ? Optional.of(Notice.of(
                            EmailTemplateKind.CUSTOMER_DUE_DATE_CHANGED,
                            MailParts.AUTO_GENERATED,
                            Map.of(PREVIOUS_DUE, MailParts.date(due.getFromDueAt()))))
                    : Optional.empty();
        }
        if (payload instanceof TicketClosed closed) {
            // A merged ticket lives on in its target, which the customer hears about instead.
            if (!switches.getTicketClosed() || closed.getReason() == CloseReason.MERGED) {
                return Optional.empty();
            }
            String reason = closed.getNote() == null ? "" : closed.getNote();
            return Optional.of(
                    closed.getReason() == CloseReason.INACTIVITY
                            ? inactivityClose(change, reason)
                            : Notice.of(
                                    EmailTemplateKind.CUSTOMER_TICKET_CLOSED,
                                    MailParts.AUTO_GENERATED,
                                    Map.of(REASON, reason)));
        }
        if (payload instanceof TicketReopened) {
            return switches.getTicketReopened()
                    ? Optional.of(
                            Notice.of(EmailTemplateKind.CUSTOMER_TICKET_REOPENED, MailParts.AUTO_GENERATED, Map.of()))
                    : Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * The closed notice of a ticket closed for inactivity: since when nothing happened, and how the
     * customer can reopen it under the current reopen window (until a date, never, or always).
     */
    private Notice inactivityClose(TicketChange change, String reason) {
        Instant closedAt = change.event().getOccurredAt();
        Instant lastActivity = change.before() == null ? null : change.before().getUpdatedAt();
        int reopenDays = config.settings().getReopenWindowDays();
        Map<String, String> values = new HashMap<>();
        values.put(REASON, reason);
        values.put(INACTIVE_SINCE, MailParts.date(lastActivity));
        values.put(REOPEN_UNTIL, reopenDays > 0 ? MailParts.date(closedAt.plus(Duration.ofDays(reopenDays))) : "");
        String variant = reopenDays > 0
                ? EmailTemplates.INACTIVITY_CLOSE
                : reopenDays == 0 ? EmailTemplates.INACTIVITY_CLOSE_FINAL : EmailTemplates.INACTIVITY_CLOSE_REOPENABLE;
        return Notice.of(EmailTemplateKind.CUSTOMER_TICKET_CLOSED, MailParts.AUTO_GENERATED, values)
                .withVariant(variant);
    }

    private Notice staffReply(Ticket ticket, MessageAdded message) {
        Optional<Agent> agent = config.agent(message.getAuthor().getId());
        String agentName = agent.map(Agent::getDisplayName)
                .filter(name -> !name.isBlank())
                .orElse(MailParts.nameOf(message.getAuthor()));
        Map<String, String> values = new HashMap<>();
        values.put(MESSAGE_TEXT, message.getBody().getText());
        values.put(AGENT_NAME, agentName);
        values.put(SIGNATURE, message.getAppendSignature() ? signatureBlock(agent, ticket.getDepartmentId()) : "");
        String messageId = message.getEmailMessageId() == null
                        || message.getEmailMessageId().isBlank()
                ? null
                : message.getEmailMessageId();
        return new Notice(
                EmailTemplateKind.CUSTOMER_STAFF_REPLY,
                null,
                values,
                messageId,
                agentName,
                message.getAttachments(),
                "customer",
                List.of(),
                null);
    }

    /** The agent's signature for the department, else theirs, else the department's; "" if none. */
    private String signatureBlock(Optional<Agent> agent, String departmentId) {
        Optional<String> signature = agent.map(a -> a.getDepartmentSignatures().get(departmentId))
                .filter(text -> !text.isBlank())
                .or(() -> agent.map(Agent::getSignature).filter(text -> text != null && !text.isBlank()))
                .or(() -> config.department(departmentId)
                        .map(Department::getSignature)
                        .filter(text -> text != null && !text.isBlank()));
        // A signature that already starts with its separator line ("--") keeps its own.
        return signature
                .map(String::strip)
                .map(text -> text.startsWith("--") ? "\n\n" + text : "\n\n-- \n" + text)
                .orElse("");
    }

    private EmailDelivery plan(TicketChange change, Notice notice, HelpdeskSettings helpdesk, long timestamp) {
        Ticket ticket = change.after();
        TicketEvent event = change.event();
        String deliveryId = event.getEventId() + ":" + notice.audience();
        String messageId = notice.messageId() != null
                ? notice.messageId()
                : MailParts.messageId(ticket.getTicketId(), deliveryId, helpdesk.getMessageIdDomain());
        List<String> thread = new ArrayList<>(ticket.getEmailMessageIds());
        thread.remove(messageId);

        String baseUrl = MailParts.baseUrl(helpdesk, settings);
        Map<String, String> values =
                MailParts.ticketValues(config, helpdesk, ticket, MailParts.customerLink(baseUrl, ticket.getTicketId()));
        values.put(ACTOR_NAME, MailParts.nameOf(event.getActor()));
        values.putAll(notice.values());
        if (!notice.cannedResponseIds().isEmpty()) {
            // Canned responses use the same placeholders as the templates.
            values.put(
                    MESSAGE_TEXT,
                    notice.cannedResponseIds().stream()
                            .map(config::cannedResponse)
                            .flatMap(Optional::stream)
                            .map(canned -> TemplateText.text(canned.getText(), values))
                            .collect(java.util.stream.Collectors.joining("\n\n")));
        }
        EmailTemplates.Rendered rendered = EmailTemplates.render(
                config,
                notice.kind(),
                notice.variant(),
                Languages.candidates(ticket.getLanguage(), helpdesk.getDefaultLanguage()),
                values);

        String fromAddress = MailParts.fromAddress(config, ticket, settings);
        String senderName =
                notice.senderName() != null ? notice.senderName() : MailParts.senderName(config, fromAddress, helpdesk);
        RecordSource source = RecordSource.of(context);
        return EmailDelivery.newBuilder()
                .setDeliveryId(deliveryId)
                .setEventId(event.getEventId())
                .setTicketId(ticket.getTicketId())
                .setTicketNumber(ticket.getNumber())
                .setKind(notice.kind().name())
                .setPlannedAt(Instant.ofEpochMilli(timestamp))
                .setSourceTopic(source.topic())
                .setSourcePartition(source.partition())
                .setSourceOffset(source.offset())
                .setFrom(new Contact(fromAddress, senderName, null))
                .setTo(List.of(ticket.getCustomer()))
                .setCc(copies(ticket))
                .setSubject(MailParts.taggedSubject(ticket.getNumber(), rendered.subject()))
                .setText(rendered.text())
                .setHtml(rendered.html())
                .setMessageId(messageId)
                .setInReplyTo(thread.isEmpty() ? null : thread.get(thread.size() - 1))
                .setReferences(TicketContexts.references(thread))
                .setAttachments(notice.attachments())
                .setHeaders(MailParts.headers(helpdesk, notice.autoSubmitted()))
                .setLanguage(rendered.language())
                .build();
    }

    /** The ticket's CCs, without the customer and without any support address (a loop). */
    private List<Contact> copies(Ticket ticket) {
        String customer = ticket.getCustomer().getEmail().strip().toLowerCase(Locale.ROOT);
        return ticket.getCc().stream()
                .filter(cc -> !cc.getEmail().strip().toLowerCase(Locale.ROOT).equals(customer))
                .filter(cc -> !config.isSupportAddress(cc.getEmail()))
                .toList();
    }
}
