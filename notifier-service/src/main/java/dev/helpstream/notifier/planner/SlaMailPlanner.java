package dev.helpstream.notifier.planner;

import static dev.helpstream.notifier.planner.Placeholders.AGENT_NAME;
import static dev.helpstream.notifier.planner.Placeholders.ASSIGNEE_NAME;
import static dev.helpstream.notifier.planner.Placeholders.SLA_DUE;
import static dev.helpstream.notifier.planner.Placeholders.SLA_METRIC;
import static dev.helpstream.notifier.planner.Placeholders.SLA_POLICY;
import static dev.helpstream.notifier.planner.Placeholders.SLA_REMAINING;

import dev.helpstream.schema.Contact;
import dev.helpstream.schema.EmailDelivery;
import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.SlaEventKind;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.config.Agent;
import dev.helpstream.schema.config.AgentNotificationPreferences;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.config.EmailTemplateKind;
import dev.helpstream.schema.config.HelpdeskSettings;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans the staff's emails for an SLA warning or breach: to the department's agents and to the
 * ticket's assignee, each once, with the {@code AGENT_SLA_WARNING} or {@code AGENT_SLA_BREACH}
 * template.
 *
 * <p>Input: {@code tickets.sla.v1} ({@link SlaEvent}, keyed by ticket id), read with the ticket's
 * {@code ticket-context}. Output: {@link EmailDelivery}s keyed by ticket id, delivery id {@code
 * <slaEventId>:agent:<agentId>}; sla-stream derives the event id from the ticket, the target and
 * the deadline, so a replayed escalation plans the same delivery ids and the deliverer sends each
 * once. The department's agents are those it notifies of new tickets ({@code notifyAgentIds}), its
 * support team ({@code agentIds}) and every agent listing it among their departments; the
 * assignee (the event's) joins them even from another department.
 *
 * <p>Invariant: only active agents with an address whose {@code slaWarning} / {@code slaBreach}
 * preference is on; nothing for a ticket the notifier does not know (logged at debug), nor for
 * spam, deleted or merged tickets; other SLA events plan nothing. Each agent's mail is planned on
 * its own ({@link AudienceGuard}).
 */
final class SlaMailPlanner implements Processor<String, SlaEvent, String, EmailDelivery> {

    private static final Logger log = LoggerFactory.getLogger(SlaMailPlanner.class);

    private final NotificationTopology.Settings settings;
    private ProcessorContext<String, EmailDelivery> context;
    private NotifierConfig config;
    private KeyValueStore<String, Ticket> contexts;

    SlaMailPlanner(NotificationTopology.Settings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, EmailDelivery> context) {
        this.context = context;
        this.config = new NotifierConfig(context.getStateStore(NotificationTopology.CONFIG_STORE));
        this.contexts = context.getStateStore(NotificationTopology.CONTEXT_STORE);
    }

    @Override
    public void process(Record<String, SlaEvent> record) {
        SlaEvent event = record.value();
        if (!SlaEscalations.escalates(event)) {
            return;
        }
        Optional<Ticket> ticket = SlaEscalations.ticketOf(event, contexts, log);
        if (ticket.isEmpty()) {
            return;
        }
        EmailTemplateKind kind = event.getKind() == SlaEventKind.WARNING
                ? EmailTemplateKind.AGENT_SLA_WARNING
                : EmailTemplateKind.AGENT_SLA_BREACH;
        HelpdeskSettings helpdesk = config.settings();
        for (String agentId : recipients(event)) {
            AudienceGuard.run(
                    log,
                    event.getEventId(),
                    "agent:" + agentId,
                    () -> tell(event, ticket.get(), kind, agentId, helpdesk, record.timestamp()));
        }
    }

    /** The department's agents, then the assignee; each once, in that order. */
    private Set<String> recipients(SlaEvent event) {
        String departmentId = event.getDepartmentId();
        Set<String> recipients = new LinkedHashSet<>();
        Optional<Department> department = config.department(departmentId);
        department.ifPresent(d -> recipients.addAll(d.getNotifyAgentIds()));
        Map<String, Agent> agents = config.agents();
        // Routing's team rule: a support-team agent the department lists, or any agent listing it.
        department.ifPresent(d -> d.getAgentIds().stream()
                .filter(id -> agents.containsKey(id) && agents.get(id).getSupportTeam())
                .forEach(recipients::add));
        agents.forEach((id, agent) -> {
            if (agent.getDepartmentIds().contains(departmentId)) {
                recipients.add(id);
            }
        });
        if (event.getAssigneeId() != null && !event.getAssigneeId().isBlank()) {
            recipients.add(event.getAssigneeId());
        }
        return recipients;
    }

    private void tell(
            SlaEvent event,
            Ticket ticket,
            EmailTemplateKind kind,
            String agentId,
            HelpdeskSettings helpdesk,
            long timestamp) {
        Optional<Agent> agent = config.activeAgent(agentId);
        if (agent.isEmpty()
                || agent.get().getEmail().isBlank()
                || !wants(agent.get().getNotifications(), kind)) {
            return;
        }
        EmailDelivery delivery = plan(event, ticket, kind, agentId, agent.get(), helpdesk, timestamp);
        context.forward(new Record<>(ticket.getTicketId(), delivery, timestamp));
    }

    private static boolean wants(AgentNotificationPreferences preferences, EmailTemplateKind kind) {
        return kind == EmailTemplateKind.AGENT_SLA_WARNING ? preferences.getSlaWarning() : preferences.getSlaBreach();
    }

    private EmailDelivery plan(
            SlaEvent event,
            Ticket ticket,
            EmailTemplateKind kind,
            String agentId,
            Agent agent,
            HelpdeskSettings helpdesk,
            long timestamp) {
        String deliveryId = event.getEventId() + ":agent:" + agentId;
        List<String> languages = Languages.candidates(agent.getLanguage(), helpdesk.getDefaultLanguage());
        // The metric and the time left are worded in the language the template will be in.
        String language = EmailTemplates.language(config, kind, languages);
        String baseUrl = MailParts.baseUrl(helpdesk, settings);
        Map<String, String> values =
                MailParts.ticketValues(config, helpdesk, ticket, MailParts.staffLink(baseUrl, ticket.getTicketId()));
        values.put(AGENT_NAME, agent.getDisplayName());
        values.put(ASSIGNEE_NAME, assigneeName(ticket.getAssigneeId()));
        String statusId = SlaEscalations.targetStatusId(config, event);
        values.put(
                SLA_METRIC,
                SlaEscalations.metric(
                        event.getMetric(), statusId == null ? null : config.statusName(statusId), language));
        values.put(SLA_POLICY, SlaEscalations.policyName(config, event.getPolicyId()));
        ZoneId zone = SlaEscalations.zone(config, event.getPolicyId());
        values.put(SLA_DUE, SlaEscalations.due(event.getDueAt(), zone));
        values.put(SLA_REMAINING, SlaEscalations.remaining(event.getRemainingBusinessMillis(), language));
        EmailTemplates.Rendered rendered = EmailTemplates.render(config, kind, List.of(language), values);
        String fromAddress = MailParts.fromAddress(config, ticket, settings);
        RecordSource source = RecordSource.of(context);
        return EmailDelivery.newBuilder()
                .setDeliveryId(deliveryId)
                .setEventId(event.getEventId())
                .setTicketId(ticket.getTicketId())
                .setTicketNumber(ticket.getNumber())
                .setKind(kind.name())
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

    private String assigneeName(String assigneeId) {
        if (assigneeId == null || assigneeId.isBlank()) {
            return "—";
        }
        return config.agent(assigneeId)
                .map(Agent::getDisplayName)
                .filter(name -> !name.isBlank())
                .orElse(assigneeId);
    }
}
