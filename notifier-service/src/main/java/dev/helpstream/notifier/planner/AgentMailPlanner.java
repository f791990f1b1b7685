package dev.helpstream.notifier.planner;

import static dev.helpstream.notifier.planner.Placeholders.ACTOR_NAME;
import static dev.helpstream.notifier.planner.Placeholders.ADDRESS;
import static dev.helpstream.notifier.planner.Placeholders.AGENT_NAME;
import static dev.helpstream.notifier.planner.Placeholders.MESSAGE_TEXT;
import static dev.helpstream.notifier.planner.Placeholders.PREVIOUS_DEPARTMENT_NAME;
import static dev.helpstream.notifier.planner.Placeholders.REASON;

import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.EmailDelivery;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.config.Agent;
import dev.helpstream.schema.config.AgentNotificationPreferences;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.config.EmailTemplateKind;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.config.SupportAddress;
import dev.helpstream.schema.event.MessageAdded;
import dev.helpstream.schema.event.MessageDirection;
import dev.helpstream.schema.event.NoteAdded;
import dev.helpstream.schema.event.TicketAssigned;
import dev.helpstream.schema.event.TicketCaptured;
import dev.helpstream.schema.event.TicketOpened;
import dev.helpstream.schema.event.TicketTransferred;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans the staff's emails for a ticket event: a new ticket to the department's {@code
 * notifyAgentIds}, a ticket also addressed to another department's support address to that
 * department's {@code notifyAgentIds}, an assignment to the new assignee, a transfer to the new
 * department's {@code notifyAgentIds}, a customer reply and someone else's note to the assignee.
 *
 * <p>Input: {@link TicketChange}s. Output: {@link EmailDelivery}s keyed by ticket id, delivery id
 * {@code <eventId>:agent:<agentId>}, at most one per agent and event (the first reason wins).
 * Invariant: only active agents whose preferences allow the kind, never the agent who caused the
 * event, nothing for spam or deleted tickets. Each agent's mail is planned on its own ({@link
 * AudienceGuard}): one that fails is logged and skipped, the others go.
 */
final class AgentMailPlanner implements Processor<String, TicketChange, String, EmailDelivery> {

    private static final Logger log = LoggerFactory.getLogger(AgentMailPlanner.class);

    private final NotificationTopology.Settings settings;
    private ProcessorContext<String, EmailDelivery> context;
    private NotifierConfig config;

    AgentMailPlanner(NotificationTopology.Settings settings) {
        this.settings = settings;
    }

    /** One agent to tell, why, and the values that reason adds to the template. */
    private record Recipient(String agentId, EmailTemplateKind kind, Map<String, String> values) {}

    @Override
    public void init(ProcessorContext<String, EmailDelivery> context) {
        this.context = context;
        this.config = new NotifierConfig(context.getStateStore(NotificationTopology.CONFIG_STORE));
    }

    @Override
    public void process(Record<String, TicketChange> record) {
        Ticket ticket = record.value().after();
        if (ticket.getSpam() || ticket.getDeleted()) {
            return;
        }
        TicketEvent event = record.value().event();
        Map<String, Recipient> recipients = new LinkedHashMap<>();
        for (Recipient recipient : recipients(record.value())) {
            recipients.putIfAbsent(recipient.agentId(), recipient);
        }
        if (recipients.isEmpty()) {
            return;
        }
        HelpdeskSettings helpdesk = config.settings();
        for (Recipient recipient : recipients.values()) {
            AudienceGuard.run(
                    log,
                    event.getEventId(),
                    "agent:" + recipient.agentId(),
                    () -> tell(event, ticket, recipient, helpdesk, record.timestamp()));
        }
    }

    /** Plans and forwards the agent's mail, if they are active and want it. */
    private void tell(
            TicketEvent event, Ticket ticket, Recipient recipient, HelpdeskSettings helpdesk, long timestamp) {
        Optional<Agent> agent = config.activeAgent(recipient.agentId());
        if (agent.isEmpty()
                || agent.get().getEmail().isBlank()
                || isActor(event.getActor(), recipient.agentId())
                || !wants(agent.get().getNotifications(), recipient.kind())) {
            return;
        }
        EmailDelivery delivery = plan(event, ticket, recipient, agent.get(), helpdesk, timestamp);
        context.forward(new Record<>(ticket.getTicketId(), delivery, timestamp));
    }

    private List<Recipient> recipients(TicketChange change) {
        Ticket ticket = change.after();
        Object payload = change.event().getPayload();
        List<Recipient> recipients = new ArrayList<>();
        if (payload instanceof TicketOpened opened) {
            Map<String, String> first = Map.of(MESSAGE_TEXT, opened.getBody().getText());
            notifyAgentsOf(ticket.getDepartmentId())
                    .forEach(id -> recipients.add(new Recipient(id, EmailTemplateKind.AGENT_NEW_TICKET, first)));
            for (String address : opened.getOtherSupportAddresses()) {
                Optional<String> department = config.supportAddress(address)
                        .map(SupportAddress::getDepartmentId)
                        .filter(Predicate.not(ticket.getDepartmentId()::equals));
                department.ifPresent(id -> notifyAgentsOf(id)
                        .forEach(agentId -> recipients.add(new Recipient(
                                agentId, EmailTemplateKind.AGENT_ALSO_ADDRESSED, Map.of(ADDRESS, address)))));
            }
            if (opened.getAssigneeId() != null) {
                recipients.add(new Recipient(opened.getAssigneeId(), EmailTemplateKind.AGENT_TICKET_ASSIGNED, first));
            }
        } else if (payload instanceof TicketAssigned assigned && assigned.getToAgentId() != null) {
            recipients.add(new Recipient(assigned.getToAgentId(), EmailTemplateKind.AGENT_TICKET_ASSIGNED, Map.of()));
        } else if (payload instanceof TicketCaptured captured) {
            recipients.add(new Recipient(captured.getAgentId(), EmailTemplateKind.AGENT_TICKET_ASSIGNED, Map.of()));
        } else if (payload instanceof TicketTransferred transfer) {
            Map<String, String> values = new HashMap<>();
            values.put(PREVIOUS_DEPARTMENT_NAME, config.departmentName(transfer.getFromDepartmentId()));
            values.put(REASON, transfer.getReason() == null ? "" : transfer.getReason());
            notifyAgentsOf(transfer.getToDepartmentId())
                    .forEach(id ->
                            recipients.add(new Recipient(id, EmailTemplateKind.AGENT_TICKET_TRANSFERRED, values)));
        } else if (payload instanceof MessageAdded message
                && message.getDirection() == MessageDirection.INBOUND
                && ticket.getAssigneeId() != null) {
            recipients.add(new Recipient(
                    ticket.getAssigneeId(),
                    EmailTemplateKind.AGENT_CUSTOMER_REPLY,
                    Map.of(MESSAGE_TEXT, message.getBody().getText())));
        } else if (payload instanceof NoteAdded note && ticket.getAssigneeId() != null) {
            recipients.add(new Recipient(
                    ticket.getAssigneeId(),
                    EmailTemplateKind.AGENT_NOTE_ADDED,
                    Map.of(MESSAGE_TEXT, note.getBody().getText())));
        }
        return recipients;
    }

    private List<String> notifyAgentsOf(String departmentId) {
        return config.department(departmentId)
                .map(Department::getNotifyAgentIds)
                .orElse(List.of());
    }

    private static boolean isActor(Actor actor, String agentId) {
        return (actor.getKind() == ActorKind.AGENT || actor.getKind() == ActorKind.ADMIN)
                && agentId.equals(actor.getId());
    }

    private static boolean wants(AgentNotificationPreferences preferences, EmailTemplateKind kind) {
        return switch (kind) {
            case AGENT_NEW_TICKET, AGENT_ALSO_ADDRESSED, AGENT_TICKET_TRANSFERRED ->
                preferences.getNewTicketInDepartment();
            case AGENT_TICKET_ASSIGNED -> preferences.getTicketAssigned();
            case AGENT_CUSTOMER_REPLY -> preferences.getCustomerReply();
            case AGENT_NOTE_ADDED -> preferences.getNoteAdded();
            default -> false;
        };
    }

    private EmailDelivery plan(
            TicketEvent event,
            Ticket ticket,
            Recipient recipient,
            Agent agent,
            HelpdeskSettings helpdesk,
            long timestamp) {
        String deliveryId = event.getEventId() + ":agent:" + recipient.agentId();
        String baseUrl = MailParts.baseUrl(helpdesk, settings);
        Map<String, String> values =
                MailParts.ticketValues(config, helpdesk, ticket, MailParts.staffLink(baseUrl, ticket.getTicketId()));
        values.put(AGENT_NAME, agent.getDisplayName());
        values.put(ACTOR_NAME, MailParts.nameOf(event.getActor()));
        values.putAll(recipient.values());
        EmailTemplates.Rendered rendered = EmailTemplates.render(
                config,
                recipient.kind(),
                Languages.candidates(agent.getLanguage(), helpdesk.getDefaultLanguage()),
                values);
        String fromAddress = MailParts.fromAddress(config, ticket, settings);
        RecordSource source = RecordSource.of(context);
        return EmailDelivery.newBuilder()
                .setDeliveryId(deliveryId)
                .setEventId(event.getEventId())
                .setTicketId(ticket.getTicketId())
                .setTicketNumber(ticket.getNumber())
                .setKind(recipient.kind().name())
                .setPlannedAt(Instant.ofEpochMilli(timestamp))
                .setSourceTopic(source.topic())
                .setSourcePartition(source.partition())
                .setSourceOffset(source.offset())
                .setFrom(new Contact(fromAddress, helpdesk.getHelpdeskName(), null))
                .setTo(List.of(new Contact(agent.getEmail(), agent.getDisplayName(), null)))
                .setSubject(MailParts.taggedSubject(ticket.getNumber(), rendered.subject()))
                .setText(rendered.text())
                .setHtml(rendered.html())
                .setMessageId(MailParts.messageId(ticket.getTicketId(), deliveryId, helpdesk.getMessageIdDomain()))
                .setHeaders(MailParts.headers(helpdesk, MailParts.AUTO_GENERATED))
                .setLanguage(rendered.language())
                .build();
    }
}
