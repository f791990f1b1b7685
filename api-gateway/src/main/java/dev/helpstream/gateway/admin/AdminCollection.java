package dev.helpstream.gateway.admin;

import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.config.Agent;
import dev.helpstream.schema.config.ApiKey;
import dev.helpstream.schema.config.BusinessCalendar;
import dev.helpstream.schema.config.CannedResponse;
import dev.helpstream.schema.config.Category;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.config.EmailTemplate;
import dev.helpstream.schema.config.Filter;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.config.Priority;
import dev.helpstream.schema.config.Service;
import dev.helpstream.schema.config.SlaPolicy;
import dev.helpstream.schema.config.Status;
import dev.helpstream.schema.config.SupportAddress;
import dev.helpstream.schema.config.TicketType;
import dev.helpstream.schema.config.Webhook;
import dev.helpstream.schema.ids.ConfigKeys;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/**
 * The admin API's collections: the URL segment, the config entity type and payload class of each,
 * how an id is derived when a create does not give one, and which payload fields never leave the
 * gateway.
 */
enum AdminCollection {
    DEPARTMENTS("departments", ConfigEntityType.DEPARTMENT, Department.class, p -> slug(((Department) p).getName())),
    SERVICES("services", ConfigEntityType.SERVICE, Service.class, p -> slug(((Service) p).getName())),
    AGENTS("agents", ConfigEntityType.AGENT, Agent.class, p -> slug(((Agent) p).getUsername()), "passwordHash"),
    FILTERS("filters", ConfigEntityType.FILTER, Filter.class, p -> slug(((Filter) p).getName())),
    CANNED_RESPONSES(
            "canned-responses",
            ConfigEntityType.CANNED_RESPONSE,
            CannedResponse.class,
            p -> slug(((CannedResponse) p).getTitle())),
    PRIORITIES("priorities", ConfigEntityType.PRIORITY, Priority.class, p -> slug(((Priority) p).getName())),
    CATEGORIES("categories", ConfigEntityType.CATEGORY, Category.class, p -> slug(((Category) p).getName())),
    STATUSES("statuses", ConfigEntityType.STATUS, Status.class, p -> slug(((Status) p).getName())),
    TICKET_TYPES("ticket-types", ConfigEntityType.TICKET_TYPE, TicketType.class, p -> slug(((TicketType) p).getName())),
    WEBHOOKS("webhooks", ConfigEntityType.WEBHOOK, Webhook.class, p -> slug(((Webhook) p).getName())),
    SLA_POLICIES("sla-policies", ConfigEntityType.SLA_POLICY, SlaPolicy.class, p -> slug(((SlaPolicy) p).getName())),
    BUSINESS_CALENDARS(
            "business-calendars",
            ConfigEntityType.BUSINESS_CALENDAR,
            BusinessCalendar.class,
            p -> slug(((BusinessCalendar) p).getName())),
    EMAIL_TEMPLATES(
            "email-templates",
            ConfigEntityType.EMAIL_TEMPLATE,
            EmailTemplate.class,
            // The schema's 'KIND:language' convention cannot be a config id (':' separates the key).
            p -> slug(((EmailTemplate) p).getKind() + "-" + ((EmailTemplate) p).getLanguage())),
    SUPPORT_ADDRESSES(
            "support-addresses",
            ConfigEntityType.SUPPORT_ADDRESS,
            SupportAddress.class,
            // As the demo does: the address is the id.
            p -> ((SupportAddress) p).getEmail().strip().toLowerCase(Locale.ROOT)),
    API_KEYS("api-keys", ConfigEntityType.API_KEY, ApiKey.class, p -> slug(((ApiKey) p).getName()), "keyHash"),
    SETTINGS("settings", ConfigEntityType.HELPDESK_SETTINGS, HelpdeskSettings.class, p -> ConfigKeys.SETTINGS_ID);

    /** Longest id derived from a name. */
    private static final int SLUG_LENGTH = 64;

    private final String segment;
    private final ConfigEntityType type;
    private final Class<? extends SpecificRecord> payloadType;
    private final Function<SpecificRecord, String> derivedId;
    private final Set<String> secretFields;

    AdminCollection(
            String segment,
            ConfigEntityType type,
            Class<? extends SpecificRecord> payloadType,
            Function<SpecificRecord, String> derivedId,
            String... secretFields) {
        this.segment = segment;
        this.type = type;
        this.payloadType = payloadType;
        this.derivedId = derivedId;
        this.secretFields = Set.of(secretFields);
    }

    /** The collection at {@code /api/v1/admin/<segment>}. */
    static Optional<AdminCollection> bySegment(String segment) {
        return Arrays.stream(values())
                .filter(collection -> collection.segment.equals(segment))
                .findFirst();
    }

    static Optional<AdminCollection> byType(ConfigEntityType type) {
        return Arrays.stream(values())
                .filter(collection -> collection.type == type)
                .findFirst();
    }

    String segment() {
        return segment;
    }

    ConfigEntityType type() {
        return type;
    }

    Class<? extends SpecificRecord> payloadType() {
        return payloadType;
    }

    /** The one-entity collection ({@code settings}). */
    boolean singleton() {
        return this == SETTINGS;
    }

    /** Payload fields that are stored but never returned. */
    Set<String> secretFields() {
        return secretFields;
    }

    /** The id a create without one gets: a slug of the entity's name; may be empty. */
    String derivedId(SpecificRecord payload) {
        return derivedId.apply(payload);
    }

    /** "departments/support", how an entity is named in messages. */
    String path(String id) {
        return segment + "/" + id;
    }

    /** Lower-case ASCII letters and digits joined by single dashes: "Web hosting (EU)" → "web-hosting-eu". */
    static String slug(String name) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String slug =
                ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > SLUG_LENGTH) {
            slug = slug.substring(0, SLUG_LENGTH).replaceAll("-+$", "");
        }
        return slug;
    }
}
