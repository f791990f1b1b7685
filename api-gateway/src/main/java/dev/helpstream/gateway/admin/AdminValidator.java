package dev.helpstream.gateway.admin;

import dev.helpstream.gateway.json.FieldError;
import dev.helpstream.gateway.security.Caller;
import dev.helpstream.schema.Channel;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.SlaMetric;
import dev.helpstream.schema.config.Agent;
import dev.helpstream.schema.config.ApiKey;
import dev.helpstream.schema.config.BusinessCalendar;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.config.EmailTemplate;
import dev.helpstream.schema.config.Filter;
import dev.helpstream.schema.config.FilterAction;
import dev.helpstream.schema.config.FilterActionKind;
import dev.helpstream.schema.config.FilterCondition;
import dev.helpstream.schema.config.FilterField;
import dev.helpstream.schema.config.FilterOperator;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.config.Priority;
import dev.helpstream.schema.config.Service;
import dev.helpstream.schema.config.SlaPolicy;
import dev.helpstream.schema.config.SlaTarget;
import dev.helpstream.schema.config.Status;
import dev.helpstream.schema.config.SupportAddress;
import dev.helpstream.schema.config.Webhook;
import dev.helpstream.schema.config.WorkingHours;
import dev.helpstream.support.config.ConfigEntities;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.stereotype.Component;

/**
 * Checks a configuration payload before it is written, against the rules of its type and the
 * configuration it joins: every problem is returned as a field error, with the field's path in the
 * payload's JSON, so one 422 answer lists them all.
 *
 * <p>Rules for every type: strings without a default are not blank; no enum is set to the {@code
 * UNKNOWN} symbol that only readers of newer data use; every id a payload refers to ({@link
 * References}) exists. The rest are per type: numbers in range, emails, language tags, time zones
 * and {@code HH:mm} working hours, filter regular expressions, webhook URLs, event types and secret
 * references (required: every delivery is signed), API key scopes, unique agent usernames and
 * support addresses, the settings' Message-ID domain and email size, email templates' ids (one per
 * kind and language) and {@code {{placeholders}}}.
 */
@Component
class AdminValidator {

    /** The events a webhook can subscribe to; empty {@code eventTypes} means all of them. */
    static final List<String> WEBHOOK_EVENT_TYPES = List.of(
            "ticket.created",
            "ticket.customer_reply",
            "ticket.closed",
            "ticket.resolved",
            "ticket.escalated",
            "ticket.transferred",
            "ticket.attachment_uploaded");

    /** The scopes an API key can be granted. */
    static final List<String> API_KEY_SCOPES = List.of(
            Caller.SCOPE_TICKETS_READ,
            Caller.SCOPE_TICKETS_WRITE,
            Caller.SCOPE_TICKETS_CREATE,
            Caller.SCOPE_CONFIG_READ,
            Caller.SCOPE_CONFIG_WRITE,
            Caller.SCOPE_METRICS_READ);

    private static final String UNKNOWN = "UNKNOWN";
    private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1,10}");
    private static final Pattern COLOR = Pattern.compile("#[0-9A-Fa-f]{6}");
    private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.[0-9]{1,3}){3}");
    private static final Pattern EMAIL =
            Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");
    private static final int MAX_EMAIL_LENGTH = 254;
    private static final Pattern DOMAIN_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final int MAX_DOMAIN_LENGTH = 253;
    private static final Pattern SECRET_REF = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final int MAX_SECRET_REF_LENGTH = 64;
    /** A placeholder's inside: a name, with the spaces around it the notifier's renderer allows. */
    private static final Pattern PLACEHOLDER_NAME = Pattern.compile("\\s*[a-z]+(\\.[a-z]+)*\\s*");

    /** The largest {@code maxEmailBytes}: 1 GiB. */
    static final long MAX_EMAIL_BYTES = 1L << 30;

    private final AdminProperties properties;

    AdminValidator(AdminProperties properties) {
        this.properties = properties;
    }

    /** Every problem of {@code payload}, to be stored as {@code id}, in {@code config}; empty if none. */
    List<FieldError> validate(String id, SpecificRecord payload, ConfigEntities config) {
        Errors errors = new Errors();
        walk(payload.getSchema(), payload, "", errors);
        if (payload instanceof Department department) {
            errors.email("email", department.getEmail());
        } else if (payload instanceof Agent agent) {
            agent(id, agent, config, errors);
        } else if (payload instanceof Filter filter) {
            filter(filter, errors);
        } else if (payload instanceof Priority priority) {
            if (priority.getRank() < 0) {
                errors.add("rank", "must be 0 or more");
            }
            errors.color("color", priority.getColor());
        } else if (payload instanceof Status status) {
            errors.color("color", status.getColor());
        } else if (payload instanceof SlaPolicy policy) {
            slaPolicy(policy, errors);
        } else if (payload instanceof BusinessCalendar calendar) {
            calendar(calendar, errors);
        } else if (payload instanceof EmailTemplate template) {
            emailTemplate(id, template, errors);
        } else if (payload instanceof SupportAddress address) {
            supportAddress(id, address, config, errors);
        } else if (payload instanceof Webhook webhook) {
            webhook(webhook, errors);
        } else if (payload instanceof ApiKey key) {
            apiKey(key, errors);
        } else if (payload instanceof HelpdeskSettings settings) {
            settings(settings, errors);
        }
        // Service, Category, TicketType, CannedResponse: the common rules are all.
        for (References.Reference reference : References.of(payload)) {
            if (config.find(reference.type(), reference.id()).isEmpty()) {
                errors.add(reference.field(), "there is no " + label(reference.type()) + " '" + reference.id() + "'");
            }
        }
        if (payload instanceof SupportAddress address && address.getServiceId() != null) {
            config.get(Service.class, address.getServiceId())
                    .filter(service -> !service.getDepartmentId().equals(address.getDepartmentId()))
                    .ifPresent(service -> errors.add(
                            "serviceId",
                            "belongs to department '" + service.getDepartmentId() + "', not '"
                                    + address.getDepartmentId() + "'"));
        }
        return errors.list;
    }

    /**
     * The payload as it is stored: the settings' {@code messageIdDomain} lower-cased (domain names
     * are case-insensitive, and the ingest service compares it with received Message-IDs); every
     * other payload as given.
     */
    static SpecificRecord normalized(SpecificRecord payload) {
        if (payload instanceof HelpdeskSettings settings && settings.getMessageIdDomain() != null) {
            return HelpdeskSettings.newBuilder(settings)
                    .setMessageIdDomain(settings.getMessageIdDomain().toLowerCase(Locale.ROOT))
                    .build();
        }
        return payload;
    }

    /** "department", "sla policy": an entity type as a message names it. */
    static String label(ConfigEntityType type) {
        return type.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** Non-blank required strings and no UNKNOWN enum symbols, through records and arrays. */
    private static void walk(Schema schema, Object value, String path, Errors errors) {
        switch (schema.getType()) {
            case RECORD -> {
                IndexedRecord record = (IndexedRecord) value;
                for (Schema.Field field : schema.getFields()) {
                    walk(field.schema(), record.get(field.pos()), child(path, field.name()), errors);
                }
            }
            case ARRAY -> {
                List<?> items = (List<?>) value;
                for (int i = 0; i < items.size(); i++) {
                    walk(schema.getElementType(), items.get(i), path + "[" + i + "]", errors);
                }
            }
            case STRING -> {
                if (value.toString().isBlank()) {
                    errors.add(path, "must not be blank");
                }
            }
            case ENUM -> {
                if (UNKNOWN.equals(value.toString()) && UNKNOWN.equals(schema.getEnumDefault())) {
                    errors.add(
                            path,
                            "must be one of "
                                    + schema.getEnumSymbols().stream()
                                            .filter(symbol -> !UNKNOWN.equals(symbol))
                                            .toList());
                }
            }
            default -> {
                // Optional values and numbers have rules of their own, per type.
            }
        }
    }

    private static void agent(String id, Agent agent, ConfigEntities config, Errors errors) {
        errors.email("email", agent.getEmail());
        errors.language("language", agent.getLanguage());
        config.all(Agent.class).forEach((otherId, other) -> {
            if (!otherId.equals(id) && other.getUsername().equalsIgnoreCase(agent.getUsername())) {
                errors.add("username", "is taken by agent '" + otherId + "'");
            }
        });
    }

    private static void filter(Filter filter, Errors errors) {
        for (int i = 0; i < filter.getConditions().size(); i++) {
            FilterCondition condition = filter.getConditions().get(i);
            String field = "conditions[" + i + "].value";
            if (condition.getOperator() == FilterOperator.REGEX) {
                try {
                    Pattern.compile(condition.getValue());
                } catch (PatternSyntaxException e) {
                    errors.add(field, "is not a valid regular expression: " + e.getDescription());
                }
            }
            if (condition.getField() == FilterField.CHANNEL && !isChannel(condition.getValue())) {
                errors.add(field, "must be a channel: one of " + channels());
            }
        }
        for (int i = 0; i < filter.getActions().size(); i++) {
            FilterAction action = filter.getActions().get(i);
            String field = "actions[" + i + "].value";
            String value = action.getValue();
            boolean needsValue = References.FILTER_ACTION_TARGETS.containsKey(action.getKind())
                    || action.getKind() == FilterActionKind.ADD_CC
                    || action.getKind() == FilterActionKind.ADD_TAG;
            if (needsValue && (value == null || value.isBlank())) {
                errors.add(field, "is required for " + action.getKind());
            } else if (action.getKind() == FilterActionKind.ADD_CC) {
                errors.email(field, value);
            }
        }
    }

    /**
     * The longest SLA target, ten years in minutes: a due time that is always countable (business
     * time walks the calendar day by day) and an admin's "never" is a missing target, not a huge one.
     */
    static final int MAX_TARGET_MINUTES = 10 * 365 * 24 * 60;

    private static void slaPolicy(SlaPolicy policy, Errors errors) {
        if (policy.getWarningPercent() < 1 || policy.getWarningPercent() > 99) {
            errors.add("warningPercent", "must be between 1 and 99");
        }
        for (int i = 0; i < policy.getTargets().size(); i++) {
            SlaTarget target = policy.getTargets().get(i);
            if (target.getDurationMinutes() < 1) {
                errors.add("targets[" + i + "].durationMinutes", "must be 1 or more");
            } else if (target.getDurationMinutes() > MAX_TARGET_MINUTES) {
                errors.add(
                        "targets[" + i + "].durationMinutes",
                        "must be at most " + MAX_TARGET_MINUTES + " (ten years); leave the target out for none");
            }
            if (target.getMetric() == SlaMetric.STATUS_REACHED && target.getStatusId() == null) {
                errors.add("targets[" + i + "].statusId", "is required for STATUS_REACHED");
            }
        }
    }

    private static void calendar(BusinessCalendar calendar, Errors errors) {
        if (!calendar.getTimeZoneId().isBlank()) {
            try {
                ZoneId.of(calendar.getTimeZoneId());
            } catch (DateTimeException e) {
                errors.add("timeZoneId", "must be a time zone id such as Europe/Berlin");
            }
        }
        for (int i = 0; i < calendar.getWorkingHours().size(); i++) {
            WorkingHours hours = calendar.getWorkingHours().get(i);
            String path = "workingHours[" + i + "]";
            boolean startValid = TIME.matcher(hours.getStart()).matches();
            boolean endValid = TIME.matcher(hours.getEnd()).matches() || "24:00".equals(hours.getEnd());
            if (!startValid) {
                errors.add(path + ".start", "must be a time HH:mm between 00:00 and 23:59");
            }
            if (!endValid) {
                errors.add(path + ".end", "must be a time HH:mm between 00:01 and 24:00");
            }
            // HH:mm strings of equal length compare like the times they name.
            if (startValid && endValid && hours.getStart().compareTo(hours.getEnd()) >= 0) {
                errors.add(path + ".end", "must be after start (" + hours.getStart() + ")");
            }
        }
    }

    private static void supportAddress(String id, SupportAddress address, ConfigEntities config, Errors errors) {
        String email = address.getEmail();
        errors.email("email", email);
        if (!email.equals(email.toLowerCase(Locale.ROOT))) {
            errors.add("email", "must be lower-case");
        }
        config.all(SupportAddress.class).forEach((otherId, other) -> {
            if (!otherId.equals(id) && other.getEmail().equalsIgnoreCase(email)) {
                errors.add("email", "is already the support address '" + otherId + "'");
            }
        });
    }

    private void webhook(Webhook webhook, Errors errors) {
        String secretRef = webhook.getSecretRef();
        if (secretRef == null) {
            errors.add(
                    "secretRef",
                    "is required: every delivery is signed with the notifier's secret "
                            + "helpstream.delivery.webhook-secrets.<secretRef>");
        } else if (secretRef.length() > MAX_SECRET_REF_LENGTH
                || !SECRET_REF.matcher(secretRef).matches()) {
            errors.add(
                    "secretRef",
                    "must name a secret of the notifier: lower-case letters and digits, joined by single dashes, at"
                            + " most " + MAX_SECRET_REF_LENGTH + " characters (never the secret itself)");
        }
        String url = webhook.getUrl();
        if (!url.isBlank()) {
            String problem = webhookUrlProblem(url);
            if (problem != null) {
                errors.add("url", problem);
            }
        }
        for (int i = 0; i < webhook.getEventTypes().size(); i++) {
            if (!WEBHOOK_EVENT_TYPES.contains(webhook.getEventTypes().get(i))) {
                errors.add("eventTypes[" + i + "]", "must be one of " + WEBHOOK_EVENT_TYPES);
            }
        }
    }

    private String webhookUrlProblem(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "must be an absolute https URL";
        }
        if (!uri.isAbsolute() || uri.getHost() == null) {
            return "must be an absolute https URL";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not contain credentials (use secretRef)";
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return internalAddressProblem(uri.getHost());
        }
        if (scheme.equals("http") && isLoopback(uri.getHost())) {
            return properties.allowLoopbackWebhooks()
                    ? null
                    : "must use https (http to a loopback host needs helpstream.admin.allow-loopback-webhooks)";
        }
        return "must use https";
    }

    /**
     * Webhooks call out from inside the helpdesk's network, so an address literal of that network
     * (loopback, private, link-local such as the cloud metadata address, CGNAT, IPv6 unique-local)
     * or a bare number (which resolvers read as an IPv4 address) is refused; names are checked by
     * the notifier when it resolves them at send time.
     */
    private String internalAddressProblem(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (name.matches("[0-9]+") || name.matches("0x[0-9a-f]+")) {
            return "must name a host, not a bare number";
        }
        boolean literal = name.matches("[0-9.]+") || name.contains(":");
        if (!literal) {
            return name.equals("localhost") && !properties.allowLoopbackWebhooks()
                    ? "must not point at this machine (loopback needs helpstream.admin.allow-loopback-webhooks)"
                    : null;
        }
        java.net.InetAddress address;
        try {
            // An address literal: parsed, never looked up.
            address = java.net.InetAddress.getByName(name);
        } catch (java.net.UnknownHostException e) {
            return "must be an absolute https URL";
        }
        if (address.isLoopbackAddress()) {
            return properties.allowLoopbackWebhooks()
                    ? null
                    : "must not point at this machine (loopback needs helpstream.admin.allow-loopback-webhooks)";
        }
        byte[] bytes = address.getAddress();
        boolean cgnat = bytes.length == 4 && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
        boolean uniqueLocal = bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
        if (address.isAnyLocalAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()
                || cgnat
                || uniqueLocal) {
            return "must not point at a private, link-local or internal address";
        }
        return null;
    }

    /** Loopback by name or address literal only: validation never waits for DNS. */
    private static boolean isLoopback(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        return name.equals("localhost")
                || name.equals("[::1]")
                || IPV4_LOOPBACK.matcher(name).matches();
    }

    private static void apiKey(ApiKey key, Errors errors) {
        for (int i = 0; i < key.getScopes().size(); i++) {
            if (!API_KEY_SCOPES.contains(key.getScopes().get(i))) {
                errors.add("scopes[" + i + "]", "must be one of " + API_KEY_SCOPES);
            }
        }
    }

    private static void settings(HelpdeskSettings settings, Errors errors) {
        if (settings.getReopenWindowDays() < -1) {
            errors.add("reopenWindowDays", "must be -1 (always), 0 (never) or a number of days");
        }
        if (settings.getAutoCloseInactiveDays() < 0) {
            errors.add("autoCloseInactiveDays", "must be 0 (off) or a number of days");
        }
        if (settings.getMaxAttachmentBytes() < 0) {
            errors.add("maxAttachmentBytes", "must be 0 or more");
        }
        if (settings.getSenderCapPerDay() < 0) {
            errors.add("senderCapPerDay", "must be 0 (off) or more");
        }
        Set<String> seen = new HashSet<>();
        List<String> extensions = settings.getAllowedAttachmentExtensions();
        for (int i = 0; i < extensions.size(); i++) {
            String extension = extensions.get(i);
            if (!EXTENSION.matcher(extension).matches()) {
                errors.add(
                        "allowedAttachmentExtensions[" + i + "]",
                        "must be 1 to 10 lower-case letters or digits, without a dot");
            } else if (!seen.add(extension)) {
                errors.add("allowedAttachmentExtensions[" + i + "]", "repeats '" + extension + "'");
            }
        }
        errors.language("defaultLanguage", settings.getDefaultLanguage());
        String domain = settings.getMessageIdDomain();
        if (!domain.isBlank() && !isDomainName(domain.toLowerCase(Locale.ROOT))) {
            errors.add(
                    "messageIdDomain",
                    "must be a domain name such as helpdesk.example.com (ASCII letters, digits, dashes and dots; "
                            + "punycode for international names)");
        }
        if (settings.getMaxEmailBytes() < 1 || settings.getMaxEmailBytes() > MAX_EMAIL_BYTES) {
            errors.add("maxEmailBytes", "must be between 1 and " + MAX_EMAIL_BYTES + " (1 GiB)");
        }
        String baseUrl = settings.getPublicBaseUrl();
        if (baseUrl != null && !isHttpUrl(baseUrl)) {
            errors.add("publicBaseUrl", "must be an absolute http(s) URL");
        }
    }

    /**
     * A host name as RFC 1123 allows it, lower-case: dot-separated labels of letters, digits and
     * inner dashes, at most 253 characters, the last label not all digits (that would be an IPv4
     * address, which is no domain of Message-IDs).
     */
    static boolean isDomainName(String name) {
        if (name.isEmpty() || name.length() > MAX_DOMAIN_LENGTH) {
            return false;
        }
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            if (!DOMAIN_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
    }

    private static void emailTemplate(String id, EmailTemplate template, Errors errors) {
        errors.language("language", template.getLanguage());
        String expectedId = AdminCollection.EMAIL_TEMPLATES.derivedId(template);
        if (!expectedId.equals(id)) {
            // One template per kind and language, found under an id the notifier can compute; the
            // schema's 'KIND:language' cannot be a config id (':' separates the record key).
            errors.add(
                    AdminBodies.ID,
                    "must be '" + expectedId + "', the kind and language: one template per kind and language");
        }
        errors.placeholders("subject", template.getSubject(), true);
        errors.placeholders("text", template.getText(), true);
        if (template.getHtml() != null) {
            // CSS nests braces, so a '}}' alone is fine in HTML; an unclosed '{{' never is.
            errors.placeholders("html", template.getHtml(), false);
        }
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            return uri.isAbsolute()
                    && uri.getHost() != null
                    && Set.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isChannel(String value) {
        return !UNKNOWN.equals(value) && Channel.getClassSchema().hasEnumSymbol(value);
    }

    private static List<String> channels() {
        return Channel.getClassSchema().getEnumSymbols().stream()
                .filter(symbol -> !UNKNOWN.equals(symbol))
                .toList();
    }

    private static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** The errors found so far, with the common checks of optional values. */
    private static final class Errors {

        private final List<FieldError> list = new ArrayList<>();

        void add(String field, String message) {
            list.add(new FieldError(field, message));
        }

        /** A valid address, if one is given (blank ones are reported by the common rules). */
        void email(String field, String value) {
            if (value != null
                    && !value.isBlank()
                    && (value.length() > MAX_EMAIL_LENGTH
                            || !EMAIL.matcher(value).matches())) {
                add(field, "must be an email address such as name@example.com");
            }
        }

        /** A well-formed BCP 47 language tag, if one is given. */
        void language(String field, String value) {
            if (value == null || value.isBlank()) {
                return;
            }
            try {
                Locale locale = new Locale.Builder().setLanguageTag(value).build();
                if (locale.getLanguage().isEmpty()) {
                    add(field, "must be a BCP 47 language tag such as en or pt-BR");
                }
            } catch (IllformedLocaleException e) {
                add(field, "must be a BCP 47 language tag such as en or pt-BR");
            }
        }

        /**
         * Well-formed placeholders: every {@code {{} closed by {@code }}} before the next one opens,
         * with a name of lower-case words joined by dots ({@code {{ticket.number}}}, spaces around it
         * allowed), and, where
         * {@code strayClosing} is checked, no {@code }}} without its {@code {{}. Reports the first
         * problem only, which usually explains the rest.
         */
        void placeholders(String field, String template, boolean strayClosing) {
            int position = 0;
            while (position < template.length()) {
                int open = template.indexOf("{{", position);
                int close = template.indexOf("}}", position);
                if (strayClosing && close >= 0 && (open < 0 || close < open)) {
                    add(field, "has a '}}' at " + close + " that no '{{' opens");
                    return;
                }
                if (open < 0) {
                    return;
                }
                int end = template.indexOf("}}", open + 2);
                if (end < 0) {
                    add(field, "has a '{{' at " + open + " that no '}}' closes");
                    return;
                }
                String name = template.substring(open + 2, end);
                if (!PLACEHOLDER_NAME.matcher(name).matches()) {
                    add(
                            field,
                            "has a malformed placeholder '{{" + name + "}}' at " + open
                                    + ": names are lower-case words joined by dots, such as {{ticket.number}}");
                    return;
                }
                position = end + 2;
            }
        }

        void color(String field, String value) {
            if (value != null && !COLOR.matcher(value).matches()) {
                add(field, "must be a colour #RRGGBB");
            }
        }
    }
}
