package dev.helpstream.notifier.planner;

import dev.helpstream.schema.AttachmentRef;
import dev.helpstream.schema.config.WebhookKind;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Webhook bodies in each format, written with Jackson (never by string concatenation).
 *
 * <ul>
 *   <li>{@code GENERIC_JSON}: {@code event_id}, {@code event_type}, {@code occurred_at} (ISO-8601),
 *       {@code ticket_id}, {@code ticket_number}, {@code subject}, {@code department}, {@code
 *       priority} and {@code status} as {@code {"id","name"}}, {@code client} as {@code
 *       {"email","name"}}, {@code url}; plus {@code attachments} ({@code file_name}, {@code
 *       content_type}, {@code size_bytes}) for {@code ticket.attachment_uploaded}; plus {@code sla}
 *       ({@code kind} {@code warning}/{@code breach}, {@code metric} {@code first_response}/{@code
 *       next_response}/{@code resolution}/{@code status_reached}, {@code policy_id}, {@code
 *       policy_name}, {@code due_at}, {@code warn_at} (ISO-8601), {@code
 *       remaining_business_millis}) for {@code ticket.escalated}
 *   <li>{@code SLACK}: an incoming-webhook message, {@code text} and Block Kit {@code blocks};
 *       every text has {@code &}, {@code <} and {@code >} escaped as Slack requires, so no
 *       customer-written value can mention ({@code <!channel>}, {@code <@U…>}) or link
 *   <li>{@code DISCORD}: {@code content} and one embed (title, url, fields), with {@code
 *       allowed_mentions} parsing nothing, so {@code @everyone}, {@code @here} and {@code <@id>}
 *       stay text
 *   <li>{@code TEAMS}: a {@code message} with one Adaptive Card attachment; its markdown cannot
 *       mention anyone, so values go in as they are
 * </ul>
 */
final class WebhookPayloads {

    static final String CONTENT_TYPE = "application/json";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_TITLE = 200;

    private WebhookPayloads() {}

    /** An id with its display name. */
    record Named(String id, String name) {}

    /**
     * The SLA part of a {@code ticket.escalated} call.
     *
     * @param kind {@code warning} or {@code breach}
     * @param metric the target, {@code first_response}..., or null
     * @param policyId the SLA policy applied, or null
     * @param policyName its name ("—" when unknown)
     * @param dueAt when the target is due, or null
     * @param warnAt when the warning fires, or null
     * @param remainingBusinessMillis business time left (negative: past due), or null
     * @param due {@code dueAt} as people read it, in the policy calendar's zone
     */
    record Sla(
            String kind,
            String metric,
            String policyId,
            String policyName,
            Instant dueAt,
            Instant warnAt,
            Long remainingBusinessMillis,
            String due) {}

    /**
     * What a webhook call says, whatever its format.
     *
     * @param eventId the idempotency key the receiver sees
     * @param eventType the webhook event type
     * @param occurredAt when it happened
     * @param ticketId the ticket
     * @param ticketNumber its number
     * @param subject its subject
     * @param department its department
     * @param priority its priority
     * @param status its status
     * @param clientEmail the customer's address
     * @param clientName the customer's name, or null
     * @param url the staff page of the ticket
     * @param attachments the files concerned (attachment events only)
     * @param sla the escalation ({@code ticket.escalated} only), else null
     */
    record View(
            String eventId,
            String eventType,
            Instant occurredAt,
            String ticketId,
            long ticketNumber,
            String subject,
            Named department,
            Named priority,
            Named status,
            String clientEmail,
            String clientName,
            String url,
            List<AttachmentRef> attachments,
            Sla sla) {}

    static byte[] render(WebhookKind kind, View view) {
        ObjectNode body = switch (kind) {
            case SLACK -> slack(view);
            case DISCORD -> discord(view);
            case TEAMS -> teams(view);
            default -> generic(view);
        };
        return JSON.writeValueAsBytes(body);
    }

    /** A short human line for chat formats. */
    static String headline(View view) {
        return switch (view.eventType()) {
            case WebhookEventTypes.TICKET_CREATED ->
                "New ticket in " + view.department().name();
            case WebhookEventTypes.CUSTOMER_REPLY -> "Customer reply";
            case WebhookEventTypes.CLOSED -> "Ticket closed";
            case WebhookEventTypes.RESOLVED -> "Ticket resolved";
            case WebhookEventTypes.TRANSFERRED ->
                "Ticket transferred to " + view.department().name();
            case WebhookEventTypes.ESCALATED -> escalation(view.sla());
            case WebhookEventTypes.ATTACHMENT_UPLOADED ->
                view.attachments().size() == 1
                        ? "Attachment uploaded: " + view.attachments().get(0).getFileName()
                        : view.attachments().size() + " attachments uploaded";
            case WebhookEventTypes.TEST -> "Test event";
            default -> view.eventType();
        };
    }

    private static ObjectNode generic(View view) {
        ObjectNode body = JSON.createObjectNode();
        body.put("event_id", view.eventId());
        body.put("event_type", view.eventType());
        body.put("occurred_at", view.occurredAt().toString());
        body.put("ticket_id", view.ticketId());
        body.put("ticket_number", view.ticketNumber());
        body.put("subject", view.subject());
        named(body.putObject("department"), view.department());
        named(body.putObject("priority"), view.priority());
        named(body.putObject("status"), view.status());
        ObjectNode client = body.putObject("client");
        client.put("email", view.clientEmail());
        client.put("name", view.clientName());
        body.put("url", view.url());
        if (WebhookEventTypes.ATTACHMENT_UPLOADED.equals(view.eventType())) {
            ArrayNode attachments = body.putArray("attachments");
            for (AttachmentRef attachment : view.attachments()) {
                ObjectNode file = attachments.addObject();
                file.put("file_name", attachment.getFileName());
                file.put("content_type", attachment.getContentType());
                file.put("size_bytes", attachment.getSizeBytes());
            }
        }
        if (WebhookEventTypes.ESCALATED.equals(view.eventType()) && view.sla() != null) {
            Sla sla = view.sla();
            ObjectNode node = body.putObject("sla");
            node.put("kind", sla.kind());
            node.put("metric", sla.metric());
            node.put("policy_id", sla.policyId());
            node.put("policy_name", sla.policyName());
            node.put("due_at", sla.dueAt() == null ? null : sla.dueAt().toString());
            node.put("warn_at", sla.warnAt() == null ? null : sla.warnAt().toString());
            node.put("remaining_business_millis", sla.remainingBusinessMillis());
        }
        return body;
    }

    /** {@code SLA warning: first response due 2025-03-03 14:30 (Europe/Paris)}. */
    private static String escalation(Sla sla) {
        if (sla == null) {
            return "Ticket escalated";
        }
        String metric = sla.metric() == null ? "SLA target" : sla.metric().replace('_', ' ');
        return "breach".equals(sla.kind())
                ? "SLA breach: " + metric + " was due " + sla.due()
                : "SLA warning: " + metric + " due " + sla.due();
    }

    private static ObjectNode slack(View view) {
        ObjectNode body = JSON.createObjectNode();
        // The top-level text is the notification and fallback: escaped like the blocks, or a
        // subject saying <!channel> would ping the whole channel.
        body.put("text", slackEscape(title(view) + ": " + headline(view)));
        ArrayNode blocks = body.putArray("blocks");
        ObjectNode heading = blocks.addObject();
        heading.put("type", "section");
        ObjectNode headingText = heading.putObject("text");
        headingText.put("type", "mrkdwn");
        headingText.put(
                "text",
                "*<" + slackEscape(view.url()).replace("|", "%7C") + "|"
                        + slackEscape(title(view)).replace('|', '¦') + ">*\n"
                        + slackEscape(headline(view)));
        ObjectNode facts = blocks.addObject();
        facts.put("type", "section");
        ArrayNode fields = facts.putArray("fields");
        for (Map.Entry<String, String> fact : facts(view).entrySet()) {
            ObjectNode field = fields.addObject();
            field.put("type", "mrkdwn");
            field.put("text", "*" + fact.getKey() + "*\n" + slackEscape(fact.getValue()));
        }
        return body;
    }

    private static ObjectNode discord(View view) {
        ObjectNode body = JSON.createObjectNode();
        body.put("content", title(view) + ": " + headline(view));
        // Subjects are customer-written: never let them ping @everyone or a role.
        body.putObject("allowed_mentions").putArray("parse");
        ObjectNode embed = body.putArray("embeds").addObject();
        embed.put("title", title(view));
        embed.put("url", view.url());
        embed.put("description", headline(view));
        embed.put("timestamp", view.occurredAt().toString());
        ArrayNode fields = embed.putArray("fields");
        for (Map.Entry<String, String> fact : facts(view).entrySet()) {
            ObjectNode field = fields.addObject();
            field.put("name", fact.getKey());
            field.put("value", fact.getValue());
            field.put("inline", true);
        }
        return body;
    }

    private static ObjectNode teams(View view) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", "message");
        ObjectNode attachment = body.putArray("attachments").addObject();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.putNull("contentUrl");
        ObjectNode card = attachment.putObject("content");
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        ArrayNode cardBody = card.putArray("body");
        ObjectNode title = cardBody.addObject();
        title.put("type", "TextBlock");
        title.put("text", title(view));
        title.put("weight", "Bolder");
        title.put("size", "Medium");
        title.put("wrap", true);
        ObjectNode headline = cardBody.addObject();
        headline.put("type", "TextBlock");
        headline.put("text", headline(view));
        headline.put("wrap", true);
        ObjectNode factSet = cardBody.addObject();
        factSet.put("type", "FactSet");
        ArrayNode facts = factSet.putArray("facts");
        for (Map.Entry<String, String> fact : facts(view).entrySet()) {
            ObjectNode entry = facts.addObject();
            entry.put("title", fact.getKey());
            entry.put("value", fact.getValue());
        }
        ObjectNode open = card.putArray("actions").addObject();
        open.put("type", "Action.OpenUrl");
        open.put("title", "Open ticket");
        open.put("url", view.url());
        return body;
    }

    private static void named(ObjectNode node, Named named) {
        node.put("id", named.id());
        node.put("name", named.name());
    }

    private static String title(View view) {
        String title = "[#" + view.ticketNumber() + "] " + view.subject();
        if (title.length() <= MAX_TITLE) {
            return title;
        }
        int cut = MAX_TITLE - 1;
        // Never split a surrogate pair: half an emoji is no character.
        if (Character.isHighSurrogate(title.charAt(cut - 1))) {
            cut--;
        }
        return title.substring(0, cut) + "…";
    }

    private static Map<String, String> facts(View view) {
        String client = view.clientName() == null || view.clientName().isBlank()
                ? view.clientEmail()
                : view.clientName() + " <" + view.clientEmail() + ">";
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Department", orDash(view.department().name()));
        facts.put("Priority", orDash(view.priority().name()));
        facts.put("Status", orDash(view.status().name()));
        facts.put("Client", orDash(client));
        return facts;
    }

    private static String orDash(String value) {
        return value == null || value.isBlank() ? "—" : value;
    }

    /** Text safe in Slack's {@code text} and mrkdwn: its three control characters escaped. */
    private static String slackEscape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
