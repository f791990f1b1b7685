package dev.helpstream.gateway;

import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.SlaMetric;
import dev.helpstream.schema.config.Agent;
import dev.helpstream.schema.config.AgentRole;
import dev.helpstream.schema.config.ApiKey;
import dev.helpstream.schema.config.BusinessCalendar;
import dev.helpstream.schema.config.CannedResponse;
import dev.helpstream.schema.config.Category;
import dev.helpstream.schema.config.DayOfWeek;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.config.Filter;
import dev.helpstream.schema.config.FilterAction;
import dev.helpstream.schema.config.FilterActionKind;
import dev.helpstream.schema.config.FilterCondition;
import dev.helpstream.schema.config.FilterField;
import dev.helpstream.schema.config.FilterMatch;
import dev.helpstream.schema.config.FilterOperator;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.config.Holiday;
import dev.helpstream.schema.config.Priority;
import dev.helpstream.schema.config.Service;
import dev.helpstream.schema.config.SlaPolicy;
import dev.helpstream.schema.config.SlaScope;
import dev.helpstream.schema.config.SlaTarget;
import dev.helpstream.schema.config.Status;
import dev.helpstream.schema.config.SupportAddress;
import dev.helpstream.schema.config.TicketType;
import dev.helpstream.schema.config.WorkingHours;
import dev.helpstream.schema.ids.ConfigKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The demo configuration: a small hosting helpdesk with three departments, four agents, the usual
 * priorities, statuses, categories and types, office hours and two SLA charters, two filters and an
 * integrator API key, so that the
 * one-command start has something to show.
 *
 * <p>Output: the entities in the order they are written, settings first, then what others refer
 * to before what refers to it. Invariants: deterministic for a given instant (same entities, same
 * order); every entity is revision 1, written by the system actor {@value #ACTOR_ID} at that
 * instant. The secrets are public demo values, documented in the README: agent password {@value
 * #AGENT_PASSWORD} (stored as a BCrypt hash) and API key {@value #API_KEY} (stored as its SHA-256).
 */
final class DemoData {

    /** Every demo agent's password; only its hash is written. */
    static final String AGENT_PASSWORD = "demo";

    /**
     * BCrypt (cost 10) of {@value #AGENT_PASSWORD}, computed once with Spring Security's BCrypt:
     * hashing at startup would give a different salt, and so a different record, at each start.
     */
    static final String AGENT_PASSWORD_HASH = "$2a$10$egV86LYTm551metph3Yubufoq1lle.b4ZBqXsVexGezuSbF0L03i2";

    /** The demo integrator's API key; only its SHA-256 is written. */
    static final String API_KEY = "hs_demo_integrator_key";

    static final String ACTOR_ID = "demo";

    private static final List<String> ALL_DEPARTMENTS = List.of("support", "billing", "sales");

    private DemoData() {}

    /** The demo entities, as written at {@code now}. */
    static List<ConfigEntity> entities(Instant now) {
        Builder demo = new Builder(now);
        demo.settings();
        demo.departments();
        demo.services();
        demo.agents();
        demo.ticketFields();
        demo.supportAddresses();
        demo.slaCharters();
        demo.cannedResponses();
        demo.filters();
        demo.apiKeys();
        return List.copyOf(demo.entities);
    }

    /**
     * The lower-case hex SHA-256 of an API key's UTF-8 bytes: how the ingest service looks keys up
     * ({@code ApiKey.keyHash}).
     */
    static String sha256Hex(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static final class Builder {

        private final Instant now;
        private final Actor actor = Actor.newBuilder()
                .setKind(ActorKind.SYSTEM)
                .setId(ACTOR_ID)
                .setDisplayName("Demo configuration")
                .build();
        private final List<ConfigEntity> entities = new ArrayList<>();

        Builder(Instant now) {
            this.now = now;
        }

        void settings() {
            add(
                    ConfigKeys.SETTINGS_ID,
                    HelpdeskSettings.newBuilder()
                            .setHelpdeskName("Helpstream demo")
                            .setReopenWindowDays(7)
                            .setAutoCloseInactiveDays(14)
                            .setMaxAttachmentBytes(10L * 1024 * 1024)
                            .setAllowedAttachmentExtensions(List.of("jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx"))
                            .setDefaultDepartmentId("support")
                            .setDefaultPriorityId("normal")
                            .setSenderCapPerDay(40)
                            .build());
        }

        void departments() {
            add(
                    "support",
                    Department.newBuilder()
                            .setName("Technical support")
                            .setEmail("support@helpdesk.test")
                            .setSignature("--\nTechnical support, Helpstream demo")
                            .setAgentIds(List.of("ana", "carl"))
                            .setNotifyAgentIds(List.of("ana"))
                            .build());
            add(
                    "billing",
                    Department.newBuilder()
                            .setName("Billing")
                            .setEmail("billing@helpdesk.test")
                            .setAgentIds(List.of("bea"))
                            .build());
            add(
                    "sales",
                    Department.newBuilder()
                            .setName("Sales")
                            .setEmail("sales@helpdesk.test")
                            .setAgentIds(List.of("bea", "carl"))
                            .build());
        }

        void services() {
            add("hosting", service("Web hosting", "support"));
            add("domains", service("Domains", "support"));
            add("invoices", service("Invoices", "billing"));
        }

        void agents() {
            add("ana", agent("ana", "Ana Agent", AgentRole.AGENT, List.of("support")));
            add("bea", agent("bea", "Bea Agent", AgentRole.AGENT, List.of("billing", "sales")));
            add("carl", agent("carl", "Carl Agent", AgentRole.AGENT, List.of("support", "sales")));
            add("admin", agent("admin", "Demo Admin", AgentRole.ADMIN, ALL_DEPARTMENTS));
        }

        void ticketFields() {
            // Higher rank is more urgent (the schema's rule): views sort and SLA scopes compare by it.
            add("low", priority("Low", 1, "#6b7280"));
            add("normal", priority("Normal", 2, "#2563eb"));
            add("high", priority("High", 3, "#d97706"));
            add("urgent", priority("Urgent", 4, "#dc2626"));
            add("outage", Category.newBuilder().setName("Outage").build());
            add(
                    "billing-question",
                    Category.newBuilder().setName("Billing question").build());
            add("dns", Category.newBuilder().setName("DNS").build());
            add("email", Category.newBuilder().setName("Email").build());
            add("incident", TicketType.newBuilder().setName("Incident").build());
            add("question", TicketType.newBuilder().setName("Question").build());
            add("request", TicketType.newBuilder().setName("Request").build());
            add("new", status("New", LifecycleState.NEW, 1));
            add("open", status("Open", LifecycleState.OPEN, 2));
            add("waiting", status("Waiting on customer", LifecycleState.WAITING_ON_CUSTOMER, 3));
            add("resolved", status("Resolved", LifecycleState.RESOLVED, 4));
            add("closed", status("Closed", LifecycleState.CLOSED, 5));
        }

        void supportAddresses() {
            for (String department : ALL_DEPARTMENTS) {
                String email = department + "@helpdesk.test";
                add(
                        email,
                        SupportAddress.newBuilder()
                                .setEmail(email)
                                .setDepartmentId(department)
                                .build());
            }
        }

        /**
         * Office hours in Paris and two charters: urgent tickets around the clock, every other ticket
         * in business hours. Both stop their clocks while the ticket waits on the customer.
         */
        void slaCharters() {
            List<WorkingHours> officeHours = new ArrayList<>();
            for (DayOfWeek day : List.of(
                    DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
                officeHours.add(WorkingHours.newBuilder()
                        .setDayOfWeek(day)
                        .setStart("09:00")
                        .setEnd("18:00")
                        .build());
            }
            add(
                    "office-hours",
                    BusinessCalendar.newBuilder()
                            .setName("Office hours (Paris)")
                            .setTimeZoneId("Europe/Paris")
                            .setWorkingHours(officeHours)
                            .setHolidays(List.of(
                                    holiday(LocalDate.of(2026, 1, 1), "New Year's Day"),
                                    holiday(LocalDate.of(2026, 5, 1), "Labour Day"),
                                    holiday(LocalDate.of(2026, 7, 14), "Bastille Day"),
                                    holiday(LocalDate.of(2026, 12, 25), "Christmas Day")))
                            .build());
            add(
                    "urgent",
                    SlaPolicy.newBuilder()
                            .setName("Urgent, around the clock")
                            .setOrder(1)
                            .setEnabled(true)
                            .setScope(scope("urgent"))
                            .setTargets(List.of(
                                    target(SlaMetric.FIRST_RESPONSE, 60, false),
                                    target(SlaMetric.NEXT_RESPONSE, 120, false),
                                    target(SlaMetric.RESOLUTION, 8 * 60, false)))
                            .setWarningPercent(80)
                            .setCalendarId(null)
                            .setPauseOnStatusIds(List.of("waiting"))
                            .build());
            add(
                    "standard",
                    SlaPolicy.newBuilder()
                            .setName("Standard, office hours")
                            .setOrder(2)
                            .setEnabled(true)
                            .setScope(scope(null))
                            .setTargets(List.of(
                                    target(SlaMetric.FIRST_RESPONSE, 4 * 60, true),
                                    target(SlaMetric.NEXT_RESPONSE, 8 * 60, true),
                                    // Three working days of nine hours.
                                    target(SlaMetric.RESOLUTION, 3 * 9 * 60, true)))
                            .setWarningPercent(80)
                            .setCalendarId("office-hours")
                            .setPauseOnStatusIds(List.of("waiting"))
                            .build());
        }

        void cannedResponses() {
            add(
                    "thanks",
                    canned(
                            "Thanks",
                            "Thank you for contacting us. We are looking into it and will get back to you shortly.",
                            "support"));
            add(
                    "need-details",
                    canned(
                            "Need more details",
                            "Could you send us the domain name, the time it happened and the exact error message?",
                            "support"));
            add(
                    "invoice-copy",
                    canned(
                            "Invoice copy",
                            "Please find a copy of your invoice attached. It is also in your customer portal.",
                            "billing"));
        }

        void filters() {
            add(
                    "10-outage",
                    Filter.newBuilder()
                            .setName("Outage reports are urgent")
                            .setOrder(10)
                            .setMatch(FilterMatch.ANY)
                            .setConditions(List.of(
                                    condition(FilterField.SUBJECT, FilterOperator.CONTAINS, "outage"),
                                    condition(FilterField.SUBJECT, FilterOperator.CONTAINS, "down")))
                            .setActions(List.of(
                                    action(FilterActionKind.SET_PRIORITY, "urgent"),
                                    action(FilterActionKind.SET_CATEGORY, "outage"),
                                    action(FilterActionKind.ADD_TAG, "outage")))
                            .build());
            add(
                    "90-noise",
                    Filter.newBuilder()
                            .setName("Reject bounces")
                            .setOrder(90)
                            .setConditions(List.of(condition(
                                    FilterField.SENDER_ADDRESS, FilterOperator.STARTS_WITH, "mailer-daemon@")))
                            .setActions(List.of(action(FilterActionKind.REJECT, null)))
                            .setStopProcessing(true)
                            .build());
        }

        void apiKeys() {
            add(
                    "demo-integrator",
                    ApiKey.newBuilder()
                            .setName("Demo integrator")
                            .setKeyHash(sha256Hex(API_KEY))
                            .setKeyPrefix(API_KEY.substring(0, "hs_demo_".length()))
                            .setScopes(List.of("tickets:create", "tickets:read", "tickets:write"))
                            .build());
        }

        private void add(String id, Object payload) {
            entities.add(ConfigEntity.newBuilder()
                    .setEntityType(ConfigWriter.typeOf(payload))
                    .setId(id)
                    .setRevision(1)
                    .setUpdatedAt(now)
                    .setUpdatedBy(actor)
                    .setPayload(payload)
                    .build());
        }

        private static Holiday holiday(LocalDate date, String name) {
            return Holiday.newBuilder()
                    .setDate(date)
                    .setYearly(true)
                    .setName(name)
                    .build();
        }

        /** Every department and type, from a minimum priority on (null: any priority). */
        private static SlaScope scope(String minimumPriorityId) {
            return SlaScope.newBuilder()
                    .setDepartmentIds(List.of())
                    .setTypeIds(List.of())
                    .setMinimumPriorityId(minimumPriorityId)
                    .build();
        }

        private static SlaTarget target(SlaMetric metric, int minutes, boolean businessTime) {
            return SlaTarget.newBuilder()
                    .setMetric(metric)
                    .setDurationMinutes(minutes)
                    .setBusinessTime(businessTime)
                    .setStatusId(null)
                    .build();
        }

        private static Service service(String name, String departmentId) {
            return Service.newBuilder()
                    .setName(name)
                    .setDepartmentId(departmentId)
                    .build();
        }

        private static Agent agent(String username, String name, AgentRole role, List<String> departments) {
            return Agent.newBuilder()
                    .setUsername(username)
                    .setDisplayName(name)
                    .setEmail(username + "@helpdesk.test")
                    .setRole(role)
                    .setDepartmentIds(departments)
                    .setPasswordHash(AGENT_PASSWORD_HASH)
                    .build();
        }

        private static Priority priority(String name, int rank, String color) {
            return Priority.newBuilder()
                    .setName(name)
                    .setRank(rank)
                    .setColor(color)
                    .build();
        }

        private static Status status(String name, LifecycleState lifecycle, int order) {
            return Status.newBuilder()
                    .setName(name)
                    .setLifecycle(lifecycle)
                    .setOrder(order)
                    .build();
        }

        private static CannedResponse canned(String title, String text, String departmentId) {
            return CannedResponse.newBuilder()
                    .setTitle(title)
                    .setText(text)
                    .setDepartmentIds(List.of(departmentId))
                    .build();
        }

        private static FilterCondition condition(FilterField field, FilterOperator operator, String value) {
            return FilterCondition.newBuilder()
                    .setField(field)
                    .setOperator(operator)
                    .setValue(value)
                    .build();
        }

        private static FilterAction action(FilterActionKind kind, String value) {
            return FilterAction.newBuilder().setKind(kind).setValue(value).build();
        }
    }
}
