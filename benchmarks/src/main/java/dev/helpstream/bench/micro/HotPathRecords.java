package dev.helpstream.bench.micro;

import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.AutomationIndicators;
import dev.helpstream.schema.Channel;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.InboundHints;
import dev.helpstream.schema.InboundMessage;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.event.TicketOpened;
import dev.helpstream.schema.ids.TicketIds;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The records of the hot path of one ticket opened through the HTTP API, filled the way the
 * services fill them: the {@link InboundMessage} ingest writes (a plain-text body of about 1 KB,
 * one CC, department and priority hints, the API key as submitter, the Idempotency-Key kept as a
 * header), the {@link TicketEvent} carrying the {@link TicketOpened} routing derives from it, and
 * the {@link Ticket} snapshot routing writes after it.
 *
 * <p>Invariant: the records are fixed (fixed instants and ids), so every run encodes the same
 * bytes; every required field is set and the optional ones a real API ticket carries are too.
 */
final class HotPathRecords {

    static final Instant RECEIVED = Instant.parse("2026-03-02T09:41:07.125Z");
    static final Instant OPENED = RECEIVED.plusMillis(37);
    static final String API_KEY_ID = "key-monitoring-bridge";
    static final String IDEMPOTENCY_KEY = "6d1f4b0e-8c55-4b7c-9a61-2f0e3c9d7a18";
    static final String MESSAGE_ID = "api:" + API_KEY_ID + ":" + IDEMPOTENCY_KEY;
    static final String TICKET_ID = TicketIds.forInboundMessage(MESSAGE_ID);
    static final long TICKET_NUMBER = 310_457L;

    private static final Contact CUSTOMER = Contact.newBuilder()
            .setEmail("ops-oncall@shop.example.com")
            .setDisplayName("Marta Lindqvist")
            .build();
    private static final Contact CC = Contact.newBuilder()
            .setEmail("cto@shop.example.com")
            .setDisplayName("Jonas Berg")
            .build();

    /** About 1 KB of plain text, as a monitoring integration reports an outage. */
    static final String BODY = String.join(
            "\n",
            "Hello support team,",
            "",
            "since 09:12 UTC our monitoring reports that the web server vps-fra1-2281 answers every",
            "request to https://shop.example.com with 502 Bad Gateway. The PHP-FPM pool seems to be",
            "down: the control panel shows the service as stopped and a restart from the panel fails",
            "with \"unit php8.3-fpm.service entered failed state\". Disk usage is at 71 %, memory at 44 %.",
            "",
            "What we tried so far:",
            "- restarted the VPS from the control panel (twice, 09:20 and 09:31 UTC);",
            "- rolled back the last deployment (release 2026.03.01-3), no change;",
            "- checked the firewall rules, nothing was changed since February.",
            "",
            "The shop is our main sales channel and every minute of downtime costs orders. Could you",
            "please check the host node and the PHP-FPM service, and tell us whether a migration to",
            "another node is possible if the hardware is at fault? We can give you SSH access if needed.",
            "",
            "Our monitoring check id is 88213-http-shop, the incident reference on our side is INC-4471.",
            "",
            "Thank you,",
            "Marta Lindqvist",
            "Operations, Shop Example AB");

    private HotPathRecords() {}

    /** The inbound message ingest writes for a ticket created by an integrator's API call. */
    static InboundMessage apiInbound() {
        return InboundMessage.newBuilder()
                .setMessageId(MESSAGE_ID)
                .setChannel(Channel.API)
                .setReceivedAt(RECEIVED)
                .setFrom(CUSTOMER)
                .setTo(List.of())
                .setCc(List.of(CC))
                .setSubject("Web server vps-fra1-2281 answers 502 since 09:12 UTC")
                .setBody(MessageBody.newBuilder().setText(BODY).build())
                .setAttachments(List.of())
                .setReferences(List.of())
                .setAutomation(AutomationIndicators.newBuilder().build())
                .setHints(InboundHints.newBuilder()
                        .setDepartmentId("dept-technical")
                        .setPriorityId("priority-high")
                        .build())
                .setSubmittedBy(Actor.newBuilder()
                        .setKind(ActorKind.INTEGRATION)
                        .setId(API_KEY_ID)
                        .setDisplayName("Monitoring bridge")
                        .build())
                .setLanguage("en")
                .setClientIp("203.0.113.57")
                .setUserAgent("monitoring-bridge/4.2 (+https://shop.example.com)")
                .setHeaders(Map.of("idempotency-key", IDEMPOTENCY_KEY))
                .build();
    }

    /** The TicketOpened event routing writes for {@link #apiInbound()}. */
    static TicketEvent ticketOpened() {
        InboundMessage message = apiInbound();
        TicketOpened opened = TicketOpened.newBuilder()
                .setSubject(message.getSubject())
                .setCustomer(message.getFrom())
                .setCc(message.getCc())
                .setChannel(message.getChannel())
                .setSupportAddress("support@helpdesk.example.com")
                .setDepartmentId("dept-technical")
                .setServiceId("service-vps")
                .setPriorityId("priority-high")
                .setCategoryId("category-outage")
                .setTypeId(null)
                .setStatusId("status-new")
                .setLifecycle(LifecycleState.NEW)
                .setAssigneeId(null)
                .setFirstMessageId(message.getMessageId())
                .setSourceMessageId(message.getMessageId())
                .setEmailMessageId(null)
                .setBody(message.getBody())
                .setAttachments(message.getAttachments())
                .setFiltersFired(List.of("filter-outage-keywords"))
                .setAutoReplyCannedResponseIds(List.of())
                .setTags(List.of("outage"))
                .setLanguage(message.getLanguage())
                .setOtherSupportAddresses(List.of())
                .build();
        return TicketEvent.newBuilder()
                .setEventId(TICKET_ID + ":1")
                .setTicketId(TICKET_ID)
                .setTicketNumber(TICKET_NUMBER)
                .setVersion(1)
                .setOccurredAt(OPENED)
                .setActor(Actor.newBuilder()
                        .setKind(ActorKind.CUSTOMER)
                        .setId(CUSTOMER.getEmail())
                        .setDisplayName(CUSTOMER.getDisplayName())
                        .setEmail(CUSTOMER.getEmail())
                        .build())
                .setCausationId(message.getMessageId())
                .setPayload(opened)
                .build();
    }

    /** The snapshot routing writes to {@code tickets.state.v1} after {@link #ticketOpened()}. */
    static Ticket snapshot() {
        TicketEvent event = ticketOpened();
        TicketOpened opened = (TicketOpened) event.getPayload();
        return Ticket.newBuilder()
                .setTicketId(event.getTicketId())
                .setNumber(event.getTicketNumber())
                .setVersion(event.getVersion())
                .setSubject(opened.getSubject())
                .setCustomer(opened.getCustomer())
                .setCc(opened.getCc())
                .setChannel(opened.getChannel())
                .setSupportAddress(opened.getSupportAddress())
                .setDepartmentId(opened.getDepartmentId())
                .setServiceId(opened.getServiceId())
                .setTypeId(opened.getTypeId())
                .setCategoryId(opened.getCategoryId())
                .setPriorityId(opened.getPriorityId())
                .setStatusId(opened.getStatusId())
                .setLifecycle(opened.getLifecycle())
                .setAssigneeId(opened.getAssigneeId())
                .setCreatedAt(OPENED)
                .setUpdatedAt(OPENED)
                .setTimeSpentByAgent(Map.of())
                .setRunningTimers(List.of())
                .setTags(opened.getTags())
                .setLinkedTicketIds(List.of())
                .setEmailMessageIds(List.of())
                .setLastCustomerActivityAt(OPENED)
                .setMessageCount(1)
                .setAttachmentCount(0)
                .setLanguage(opened.getLanguage())
                .build();
    }
}
