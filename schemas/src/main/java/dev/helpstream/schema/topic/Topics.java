package dev.helpstream.schema.topic;

import dev.helpstream.schema.CommandResult;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.DeadLetter;
import dev.helpstream.schema.DeliveryRecord;
import dev.helpstream.schema.EmailDelivery;
import dev.helpstream.schema.InboundMessage;
import dev.helpstream.schema.PortalAccessLink;
import dev.helpstream.schema.PresenceBeat;
import dev.helpstream.schema.ReportDay;
import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketCommand;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.WebhookDelivery;
import dev.helpstream.schema.WebhookTestRequest;
import dev.helpstream.schema.internal.DirectoryEntry;
import dev.helpstream.schema.internal.IntakeRequest;
import dev.helpstream.schema.serde.AvroSerdes;
import dev.helpstream.schema.serde.SingleObjectAvroSerdes;
import dev.helpstream.schema.topic.Topic.CleanupPolicy;
import dev.helpstream.schema.topic.Topic.Writer;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The catalogue of Helpstream's topics: every producer, consumer, topology, test and the topic
 * provisioner take names, serdes and settings from here.
 *
 * <p>Topics keyed by ticket id ({@link #COMMANDS}, {@link #EVENTS}, {@link #STATE}, {@link #SLA})
 * share one partition count so that they stay co-partitioned. The config topic has a single
 * partition because configuration changes are applied in the order they were made.
 */
public final class Topics {

    private static final AvroSerdes AVRO = SingleObjectAvroSerdes.instance();
    private static final Serde<String> STRING = Serdes.String();
    private static final Serde<byte[]> BYTES = Serdes.ByteArray();

    /** Partitions of the ticket topics in the catalogue. */
    public static final int TICKET_PARTITIONS = 6;

    /** Inbound messages from every channel, keyed by channel message id (the dedup key). */
    public static final Topic<String, InboundMessage> INBOUND = new Topic<>(
            "tickets.inbound.v1",
            STRING,
            AVRO.serde(InboundMessage.class),
            TICKET_PARTITIONS,
            CleanupPolicy.DELETE,
            Duration.ofDays(30),
            Writer.INGEST);

    /** Staff and customer actions on tickets, keyed by ticket id. */
    public static final Topic<String, TicketCommand> COMMANDS = new Topic<>(
            "tickets.commands.v1",
            STRING,
            AVRO.serde(TicketCommand.class),
            TICKET_PARTITIONS,
            CleanupPolicy.DELETE,
            Duration.ofDays(7),
            Writer.GATEWAY);

    /** The public, replayable log of everything that happened to tickets, keyed by ticket id. */
    public static final Topic<String, TicketEvent> EVENTS = new Topic<>(
            "tickets.events.v1",
            STRING,
            AVRO.serde(TicketEvent.class),
            TICKET_PARTITIONS,
            CleanupPolicy.DELETE,
            Topic.KEEP_FOREVER,
            Writer.ROUTING);

    /** The latest snapshot of each ticket, keyed by ticket id. */
    public static final Topic<String, Ticket> STATE = new Topic<>(
            "tickets.state.v1",
            STRING,
            AVRO.serde(Ticket.class),
            TICKET_PARTITIONS,
            CleanupPolicy.COMPACT,
            Topic.KEEP_FOREVER,
            Writer.ROUTING);

    /** The answer to each command, keyed by the command's correlation id. */
    public static final Topic<String, CommandResult> COMMAND_RESULTS = new Topic<>(
            "tickets.command-results.v1",
            STRING,
            AVRO.serde(CommandResult.class),
            TICKET_PARTITIONS,
            CleanupPolicy.DELETE,
            Duration.ofDays(1),
            Writer.ROUTING);

    /** SLA targets, warnings, breaches and timer events, keyed by ticket id. */
    public static final Topic<String, SlaEvent> SLA = new Topic<>(
            "tickets.sla.v1",
            STRING,
            AVRO.serde(SlaEvent.class),
            TICKET_PARTITIONS,
            CleanupPolicy.DELETE,
            Topic.KEEP_FOREVER,
            Writer.SLA);

    /**
     * Report figures per department and day, keyed by {@code <departmentId>|<yyyy-MM-dd>}: the
     * latest aggregate of each day (compacted), which the gateway serves and sums into weeks.
     */
    public static final Topic<String, ReportDay> REPORT_DAYS = new Topic<>(
            "reports.daily.v1",
            STRING,
            AVRO.serde(ReportDay.class),
            1,
            CleanupPolicy.COMPACT,
            Topic.KEEP_FOREVER,
            Writer.SLA);

    /** Helpdesk configuration, keyed by {@code <entity type>:<id>}; a null value deletes the entity. */
    public static final Topic<String, ConfigEntity> CONFIG = new Topic<>(
            "helpdesk.config.v1",
            STRING,
            AVRO.serde(ConfigEntity.class),
            1,
            CleanupPolicy.COMPACT,
            Topic.KEEP_FOREVER,
            Writer.GATEWAY);

    /** Notification deliveries that exhausted their retries, keyed by the source event id. */
    public static final Topic<String, DeadLetter> NOTIFICATION_DEAD_LETTERS = new Topic<>(
            "notifications.deadletter.v1",
            STRING,
            AVRO.serde(DeadLetter.class),
            1,
            CleanupPolicy.DELETE,
            Topic.KEEP_FOREVER,
            Writer.NOTIFIER);

    /**
     * Emails the notifier has rendered and will send, keyed by ticket id so that a ticket's emails
     * leave in order. Each carries its deliveryId, the idempotency key.
     */
    public static final Topic<String, EmailDelivery> EMAIL_DELIVERIES = new Topic<>(
            "notifications.email.v1",
            STRING,
            AVRO.serde(EmailDelivery.class),
            TICKET_PARTITIONS,
            CleanupPolicy.DELETE,
            Duration.ofDays(7),
            Writer.NOTIFIER);

    /** Webhook calls the notifier has rendered and will make, keyed by webhook id (one endpoint, one order). */
    public static final Topic<String, WebhookDelivery> WEBHOOK_DELIVERIES = new Topic<>(
            "notifications.webhook.v1",
            STRING,
            AVRO.serde(WebhookDelivery.class),
            TICKET_PARTITIONS,
            CleanupPolicy.DELETE,
            Duration.ofDays(7),
            Writer.NOTIFIER);

    /**
     * The delivery log: each attempt's outcome, keyed like the delivery (ticket id or webhook id).
     * The notifier reads it back so a delivered deliveryId is never sent again after a restart.
     */
    public static final Topic<String, DeliveryRecord> DELIVERY_LOG = new Topic<>(
            "notifications.deliveries.v1",
            STRING,
            AVRO.serde(DeliveryRecord.class),
            TICKET_PARTITIONS,
            CleanupPolicy.DELETE,
            Duration.ofDays(14),
            Writer.NOTIFIER);

    /** Test events admins asked to send to a webhook, keyed by webhook id. */
    public static final Topic<String, WebhookTestRequest> WEBHOOK_TESTS = new Topic<>(
            "notifications.webhook-tests.v1",
            STRING,
            AVRO.serde(WebhookTestRequest.class),
            1,
            CleanupPolicy.DELETE,
            Duration.ofDays(1),
            Writer.GATEWAY);

    /**
     * Portal magic links customers asked for, keyed by the customer's email, for the notifier to
     * send. A link expires within a day, so the records are not kept longer.
     */
    public static final Topic<String, PortalAccessLink> PORTAL_ACCESS_LINKS = new Topic<>(
            "notifications.portal-links.v1",
            STRING,
            AVRO.serde(PortalAccessLink.class),
            1,
            CleanupPolicy.DELETE,
            Duration.ofDays(1),
            Writer.GATEWAY);

    /**
     * Who is viewing or replying to which ticket, keyed by ticket id, so that every gateway
     * instance can show it (collision detection). Beats are short-lived; an hour is plenty.
     */
    public static final Topic<String, PresenceBeat> PRESENCE = new Topic<>(
            "gateway.presence.v1",
            STRING,
            AVRO.serde(PresenceBeat.class),
            TICKET_PARTITIONS,
            CleanupPolicy.DELETE,
            Duration.ofHours(1),
            Writer.GATEWAY);

    /**
     * routing-stream internal: inbound messages on their way to the ticket they thread into, keyed
     * by ticket id (co-partitioned with the commands).
     */
    public static final Topic<String, IntakeRequest> ROUTING_INTAKE = new Topic<>(
            "routing.intake.v1",
            STRING,
            AVRO.serde(IntakeRequest.class),
            TICKET_PARTITIONS,
            CleanupPolicy.DELETE,
            Duration.ofDays(7),
            Writer.ROUTING);

    /**
     * routing-stream internal: the ticket directory threading reads as a global table (ticket
     * numbers, message ids, spam senders).
     */
    public static final Topic<String, DirectoryEntry> ROUTING_DIRECTORY = new Topic<>(
            "routing.directory.v1",
            STRING,
            AVRO.serde(DirectoryEntry.class),
            TICKET_PARTITIONS,
            CleanupPolicy.COMPACT,
            Topic.KEEP_FOREVER,
            Writer.ROUTING);

    /**
     * routing-stream internal: messages that would open a new ticket, keyed by sender address, so
     * that one task counts each sender's new tickets per day (the sender cap).
     */
    public static final Topic<String, IntakeRequest> ROUTING_SENDER_GATE = new Topic<>(
            "routing.sender-gate.v1",
            STRING,
            AVRO.serde(IntakeRequest.class),
            TICKET_PARTITIONS,
            CleanupPolicy.DELETE,
            Duration.ofDays(7),
            Writer.ROUTING);

    /** Poison records the ingest service could not process, as raw bytes with the reason in headers. */
    public static final Topic<byte[], byte[]> INGEST_DLQ = deadLetterQueue("ingest", Writer.INGEST);

    /** Poison records routing-stream could not process. */
    public static final Topic<byte[], byte[]> ROUTING_DLQ = deadLetterQueue("routing", Writer.ROUTING);

    /** Poison records sla-stream could not process. */
    public static final Topic<byte[], byte[]> SLA_DLQ = deadLetterQueue("sla", Writer.SLA);

    /** Poison records the notifier could not process. */
    public static final Topic<byte[], byte[]> NOTIFIER_DLQ = deadLetterQueue("notifier", Writer.NOTIFIER);

    /** Poison records the gateway's view builders could not process. */
    public static final Topic<byte[], byte[]> GATEWAY_DLQ = deadLetterQueue("gateway", Writer.GATEWAY);

    private static final List<Topic<?, ?>> ALL = List.of(
            INBOUND,
            COMMANDS,
            EVENTS,
            STATE,
            COMMAND_RESULTS,
            SLA,
            REPORT_DAYS,
            CONFIG,
            NOTIFICATION_DEAD_LETTERS,
            EMAIL_DELIVERIES,
            WEBHOOK_DELIVERIES,
            DELIVERY_LOG,
            WEBHOOK_TESTS,
            PORTAL_ACCESS_LINKS,
            PRESENCE,
            ROUTING_INTAKE,
            ROUTING_SENDER_GATE,
            ROUTING_DIRECTORY,
            INGEST_DLQ,
            ROUTING_DLQ,
            SLA_DLQ,
            NOTIFIER_DLQ,
            GATEWAY_DLQ);

    private Topics() {}

    /** Every topic of the catalogue. */
    public static List<Topic<?, ?>> all() {
        return ALL;
    }

    private static Topic<byte[], byte[]> deadLetterQueue(String module, Writer writer) {
        return new Topic<>(module + ".dlq.v1", BYTES, BYTES, 1, CleanupPolicy.DELETE, Duration.ofDays(30), writer);
    }
}
