package dev.helpstream.gateway.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.Channel;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.schema.RunningTimer;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.config.Agent;
import dev.helpstream.schema.config.AgentRole;
import dev.helpstream.schema.config.ApiKey;
import dev.helpstream.schema.config.BusinessCalendar;
import dev.helpstream.schema.config.CustomerNotificationSettings;
import dev.helpstream.schema.config.DayOfWeek;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.config.Holiday;
import dev.helpstream.schema.config.Webhook;
import dev.helpstream.schema.config.WebhookKind;
import dev.helpstream.schema.config.WorkingHours;
import dev.helpstream.schema.event.MessageAdded;
import dev.helpstream.schema.event.MessageDirection;
import dev.helpstream.schema.event.NoteAdded;
import dev.helpstream.schema.event.StatusChanged;
import dev.helpstream.schema.serde.SingleObjectAvroSerdes;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class AvroJsonTest {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final Instant OPENED = Instant.parse("2026-03-01T10:00:00Z");

    @BeforeAll
    static void trustTheGeneratedClasses() {
        // The builders fill defaults through Avro, which instantiates only trusted classes; loading
        // the serdes trusts Helpstream's, as it happens in the gateway before any request.
        SingleObjectAvroSerdes.instance();
    }

    @Test
    void shouldWriteATicketAsNaturalJsonAndReadItBackEqual() {
        Ticket ticket = ticket();

        ObjectNode json = AvroJson.toJson(ticket);

        assertThat(json.get("ticketId").stringValue()).isEqualTo("t-1");
        assertThat(json.get("number").longValue()).isEqualTo(10234L);
        assertThat(json.get("customer"))
                .isEqualTo(json("{\"email\":\"kim@example.com\",\"displayName\":\"Kim\"," + "\"company\":null}"));
        assertThat(json.get("channel").stringValue()).isEqualTo("EMAIL");
        assertThat(json.get("serviceId").isNull()).isTrue();
        assertThat(json.get("categoryId").stringValue()).isEqualTo("dns");
        assertThat(json.get("createdAt").stringValue()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(json.get("updatedAt").stringValue()).isEqualTo("2026-03-01T10:05:30.250Z");
        assertThat(json.get("resolvedAt").isNull()).isTrue();
        assertThat(normalized(json.get("timeSpentByAgent"))).isEqualTo(json("{\"ana\":15,\"carl\":3}"));
        assertThat(json.get("runningTimers"))
                .isEqualTo(json("[{\"agentId\":\"ana\",\"startedAt\":\"2026-03-01T10:01:00Z\"}]"));
        assertThat(json.get("tags")).isEqualTo(json("[\"dns\",\"vip\"]"));
        assertThat(json.propertyNames())
                .hasSize(Ticket.getClassSchema().getFields().size());
        assertThat(AvroJson.fromJson(json, Ticket.class)).isEqualTo(ticket);
    }

    @Test
    void shouldTagEachEventPayloadWithItsTypeAndReadItBackByTheTag() {
        List<Object> payloads = List.of(
                MessageAdded.newBuilder()
                        .setMessageId("m-2")
                        .setAuthor(agent())
                        .setFrom(new Contact("support@helpdesk.test", "Ana", null))
                        .setDirection(MessageDirection.OUTBOUND)
                        .setChannel(Channel.STAFF)
                        .setBody(new MessageBody("It works again.", null, null))
                        .setAppendSignature(true)
                        .build(),
                NoteAdded.newBuilder()
                        .setNoteId("n-1")
                        .setBody(new MessageBody("Customer is on the old cluster.", null, null))
                        .build(),
                StatusChanged.newBuilder()
                        .setFromStatusId("open")
                        .setToStatusId("resolved")
                        .setFromLifecycle(LifecycleState.OPEN)
                        .setToLifecycle(LifecycleState.RESOLVED)
                        .build());

        for (Object payload : payloads) {
            TicketEvent event = event(payload);

            ObjectNode json = AvroJson.toJson(event);

            assertThat(json.get("occurredAt").stringValue()).isEqualTo("2026-03-01T10:00:00Z");
            assertThat(json.get("actor"))
                    .isEqualTo(json("{\"kind\":\"AGENT\",\"id\":\"ana\",\"displayName\":\"Ana\"," + "\"email\":null}"));
            assertThat(json.get("payload").get("type").stringValue())
                    .isEqualTo(payload.getClass().getSimpleName());
            assertThat(AvroJson.fromJson(json, TicketEvent.class)).isEqualTo(event);
        }
        assertThat(AvroJson.toJson(event(payloads.get(0))).get("payload"))
                .isEqualTo(json("{\"type\":\"MessageAdded\",\"messageId\":\"m-2\","
                        + "\"author\":{\"kind\":\"AGENT\",\"id\":\"ana\",\"displayName\":\"Ana\",\"email\":null},"
                        + "\"from\":{\"email\":\"support@helpdesk.test\",\"displayName\":\"Ana\",\"company\":null},"
                        + "\"direction\":\"OUTBOUND\",\"channel\":\"STAFF\","
                        + "\"body\":{\"text\":\"It works again.\",\"html\":null,\"quotedText\":null},"
                        + "\"attachments\":[],\"sourceMessageId\":null,\"emailMessageId\":null,\"inReplyTo\":null,"
                        + "\"cc\":[],\"appendSignature\":true,\"cannedResponseId\":null,\"autoReplyAllowed\":true}"));
    }

    @Test
    void shouldWriteConfigEntitiesWithTypedPayloadsAndHolidaysAsIsoDates() {
        BusinessCalendar calendar = BusinessCalendar.newBuilder()
                .setName("Berlin office")
                .setTimeZoneId("Europe/Berlin")
                .setWorkingHours(List.of(new WorkingHours(DayOfWeek.MONDAY, "09:00", "17:00")))
                .setHolidays(List.of(
                        new Holiday(LocalDate.parse("2026-12-25"), true, "Christmas"),
                        new Holiday(LocalDate.parse("2026-04-03"), false, null)))
                .build();
        ConfigEntity entity = ConfigEntity.newBuilder()
                .setEntityType(ConfigEntityType.BUSINESS_CALENDAR)
                .setId("berlin")
                .setRevision(3)
                .setUpdatedAt(OPENED)
                .setUpdatedBy(agent())
                .setPayload(calendar)
                .build();

        ObjectNode json = AvroJson.toJson(entity);

        assertThat(json.get("entityType").stringValue()).isEqualTo("BUSINESS_CALENDAR");
        assertThat(json.get("payload"))
                .isEqualTo(json("{\"type\":\"BusinessCalendar\",\"name\":\"Berlin office\","
                        + "\"timeZoneId\":\"Europe/Berlin\","
                        + "\"workingHours\":[{\"dayOfWeek\":\"MONDAY\",\"start\":\"09:00\",\"end\":\"17:00\"}],"
                        + "\"holidays\":[{\"date\":\"2026-12-25\",\"yearly\":true,\"name\":\"Christmas\"},"
                        + "{\"date\":\"2026-04-03\",\"yearly\":false,\"name\":null}]}"));
        assertThat(AvroJson.fromJson(json, ConfigEntity.class)).isEqualTo(entity);
        assertThat(AvroJson.fromJson(AvroJson.toJson(calendar), BusinessCalendar.class))
                .isEqualTo(calendar);
    }

    @Test
    void shouldReadAWebhookAndWriteItBackUnchanged() {
        JsonNode json = json("{\"name\":\"Ops\",\"url\":\"https://hooks.example.com/helpstream\",\"kind\":\"SLACK\","
                + "\"secretRef\":\"vault:webhooks/ops\",\"eventTypes\":[\"ticket.created\"],"
                + "\"departmentIds\":[\"support\"],\"enabled\":false}");

        Webhook webhook = AvroJson.fromJson(json, Webhook.class);

        assertThat(webhook)
                .isEqualTo(Webhook.newBuilder()
                        .setName("Ops")
                        .setUrl("https://hooks.example.com/helpstream")
                        .setKind(WebhookKind.SLACK)
                        .setSecretRef("vault:webhooks/ops")
                        .setEventTypes(List.of("ticket.created"))
                        .setDepartmentIds(List.of("support"))
                        .setEnabled(false)
                        .build());
        assertThat(AvroJson.toJson(webhook)).isEqualTo(json);
    }

    @Test
    void shouldFillMissingFieldsFromTheSchemaDefaults() {
        assertThat(AvroJson.fromJson(json("{\"name\":\"Billing\"}"), Department.class))
                .isEqualTo(Department.newBuilder().setName("Billing").build());
        HelpdeskSettings settings = AvroJson.fromJson(json("{}"), HelpdeskSettings.class);
        assertThat(settings).isEqualTo(HelpdeskSettings.newBuilder().build());
        assertThat(settings.getCustomerNotifications())
                .isEqualTo(CustomerNotificationSettings.newBuilder().build());
        assertThat(settings.getReopenWindowDays()).isEqualTo(30);
    }

    @Test
    void shouldNotShareDefaultValuesBetweenRecords() {
        Department first = AvroJson.fromJson(json("{\"name\":\"A\"}"), Department.class);
        first.getAgentIds().add("ana");

        Department second = AvroJson.fromJson(json("{\"name\":\"B\"}"), Department.class);

        assertThat(second.getAgentIds()).isEmpty();
    }

    @Test
    void shouldReportEveryProblemAtItsPathAndNoRecord() {
        JsonNode json = json("{\"helpdeskName\":7,\"reopenWindowDays\":\"thirty\",\"colour\":\"blue\","
                + "\"allowedAttachmentExtensions\":[\"pdf\",3,null],"
                + "\"customerNotifications\":{\"staffReply\":\"yes\",\"sms\":true},"
                + "\"maxAttachmentBytes\":1.5,\"senderCapPerDay\":3000000000,\"defaultDepartmentId\":[]}");

        AvroJsonException error =
                catchThrowableOfType(AvroJsonException.class, () -> AvroJson.fromJson(json, HelpdeskSettings.class));

        assertThat(error.errors())
                .containsExactly(
                        new FieldError("colour", "is not a field of HelpdeskSettings"),
                        new FieldError("helpdeskName", "must be a string"),
                        new FieldError("reopenWindowDays", "must be an integer"),
                        new FieldError("maxAttachmentBytes", "must be an integer"),
                        new FieldError("allowedAttachmentExtensions[1]", "must be a string"),
                        new FieldError("allowedAttachmentExtensions[2]", "must not be null"),
                        new FieldError("customerNotifications.sms", "is not a field of CustomerNotificationSettings"),
                        new FieldError("customerNotifications.staffReply", "must be true or false"),
                        new FieldError("senderCapPerDay", "is out of range"),
                        new FieldError("defaultDepartmentId", "must be a string"));
        assertThat(error.getMessage()).startsWith("colour is not a field of HelpdeskSettings; helpdeskName must be");
    }

    @Test
    void shouldRequireFieldsWithoutDefaultsAndRefuseNullWhereTheSchemaHasNone() {
        AvroJsonException error = catchThrowableOfType(
                AvroJsonException.class,
                () -> AvroJson.fromJson(
                        json("{\"name\":null,\"email\":\"ana@helpdesk.test\",\"signature\":null,"
                                + "\"departmentIds\":null}"),
                        Agent.class));

        assertThat(error.errors())
                .containsExactly(
                        new FieldError("name", "is not a field of Agent"),
                        new FieldError("username", "is required"),
                        new FieldError("displayName", "is required"),
                        new FieldError("departmentIds", "must not be null"));
    }

    @Test
    void shouldRefuseUnknownEnumSymbols() {
        AvroJsonException error = catchThrowableOfType(
                AvroJsonException.class,
                () -> AvroJson.fromJson(
                        json("{\"username\":\"ana\",\"displayName\":\"Ana\",\"email\":\"ana@helpdesk.test\","
                                + "\"role\":\"ROOT\"}"),
                        Agent.class));

        assertThat(error.errors()).containsExactly(new FieldError("role", "must be one of [AGENT, ADMIN]"));
    }

    @Test
    void shouldRefuseInstantsAndDatesThatAreNotIso() {
        AvroJsonException badInstant = catchThrowableOfType(
                AvroJsonException.class,
                () -> AvroJson.fromJson(
                        json("{\"name\":\"CI\",\"keyHash\":\"abc\",\"expiresAt\":1767225600000}"), ApiKey.class));
        AvroJsonException badDate = catchThrowableOfType(
                AvroJsonException.class,
                () -> AvroJson.fromJson(
                        json("{\"name\":\"Berlin\",\"timeZoneId\":\"Europe/Berlin\","
                                + "\"holidays\":[{\"date\":\"2026-13-01\"},{\"date\":\"25.12.2026\"}]}"),
                        BusinessCalendar.class));

        assertThat(badInstant.errors())
                .containsExactly(
                        new FieldError("expiresAt", "must be an ISO-8601 instant such as 2026-03-01T10:00:00Z"));
        assertThat(badDate.errors())
                .containsExactly(
                        new FieldError("holidays[0].date", "must be an ISO date such as 2026-12-25"),
                        new FieldError("holidays[1].date", "must be an ISO date such as 2026-12-25"));
    }

    @Test
    void shouldReadInstantsWithAnOffsetAsUtcToTheMillisecond() {
        ApiKey key = AvroJson.fromJson(
                json("{\"name\":\"CI\",\"keyHash\":\"abc\",\"expiresAt\":\"2026-03-01T12:00:00.123456+02:00\"}"),
                ApiKey.class);

        assertThat(key.getExpiresAt()).isEqualTo(Instant.parse("2026-03-01T10:00:00.123Z"));
        assertThat(AvroJson.toJson(key).get("expiresAt").stringValue()).isEqualTo("2026-03-01T10:00:00.123Z");
    }

    @Test
    void shouldRequireAKnownTypeForAUnionOfRecords() {
        ObjectNode json = AvroJson.toJson(event(NoteAdded.newBuilder()
                .setNoteId("n-1")
                .setBody(new MessageBody("x", null, null))
                .build()));
        ObjectNode untyped = json.deepCopy();
        ((ObjectNode) untyped.get("payload")).remove("type");
        ObjectNode unknown = json.deepCopy();
        ((ObjectNode) unknown.get("payload")).put("type", "NoteDeleted");
        ObjectNode mismatched = json.deepCopy();
        ((ObjectNode) mismatched.get("payload")).put("type", "StatusChanged");

        assertThat(catchThrowableOfType(AvroJsonException.class, () -> AvroJson.fromJson(untyped, TicketEvent.class))
                        .errors())
                .singleElement()
                .satisfies(error -> {
                    assertThat(error.field()).isEqualTo("payload.type");
                    assertThat(error.message()).startsWith("is required: one of [TicketOpened, MessageAdded, ");
                });
        assertThat(catchThrowableOfType(AvroJsonException.class, () -> AvroJson.fromJson(unknown, TicketEvent.class))
                        .errors())
                .singleElement()
                .satisfies(error -> {
                    assertThat(error.field()).isEqualTo("payload.type");
                    assertThat(error.message()).startsWith("must be one of [TicketOpened, MessageAdded, ");
                });
        assertThat(catchThrowableOfType(AvroJsonException.class, () -> AvroJson.fromJson(mismatched, TicketEvent.class))
                        .errors())
                .containsExactly(
                        new FieldError("payload.noteId", "is not a field of StatusChanged"),
                        new FieldError("payload.body", "is not a field of StatusChanged"),
                        new FieldError("payload.attachments", "is not a field of StatusChanged"),
                        new FieldError("payload.fromStatusId", "is required"),
                        new FieldError("payload.toStatusId", "is required"),
                        new FieldError("payload.fromLifecycle", "is required"),
                        new FieldError("payload.toLifecycle", "is required"));
    }

    @Test
    void shouldRefuseABodyThatIsNotAnObject() {
        assertThat(catchThrowableOfType(AvroJsonException.class, () -> AvroJson.fromJson(json("[1]"), Department.class))
                        .errors())
                .containsExactly(new FieldError("", "must be an object"));
        assertThat(catchThrowableOfType(AvroJsonException.class, () -> AvroJson.fromJson(null, Department.class))
                        .errors())
                .containsExactly(new FieldError("", "is required"));
    }

    @Test
    void shouldLeaveOutTheOmittedFields() {
        Agent agent = Agent.newBuilder()
                .setUsername("ana")
                .setDisplayName("Ana")
                .setEmail("ana@helpdesk.test")
                .setRole(AgentRole.ADMIN)
                .setPasswordHash("$2a$10$secret")
                .setDepartmentSignatures(Map.of("support", "-- Ana"))
                .build();

        ObjectNode json = AvroJson.toJson(agent, Set.of("passwordHash"));

        assertThat(json.has("passwordHash")).isFalse();
        assertThat(json.get("role").stringValue()).isEqualTo("ADMIN");
        assertThat(json.get("departmentSignatures")).isEqualTo(json("{\"support\":\"-- Ana\"}"));
        assertThat(json.get("notifications").get("slaBreach").booleanValue()).isTrue();
    }

    private static Ticket ticket() {
        return Ticket.newBuilder()
                .setTicketId("t-1")
                .setNumber(10234)
                .setVersion(4)
                .setSubject("DNS does not resolve")
                .setCustomer(new Contact("kim@example.com", "Kim", null))
                .setCc(List.of(new Contact("ops@example.com", null, "Example Ltd")))
                .setChannel(Channel.EMAIL)
                .setDepartmentId("support")
                .setCategoryId("dns")
                .setPriorityId("high")
                .setStatusId("open")
                .setLifecycle(LifecycleState.OPEN)
                .setAssigneeId("ana")
                .setCreatedAt(OPENED)
                .setUpdatedAt(Instant.parse("2026-03-01T10:05:30.250Z"))
                .setStartedAt(OPENED.plusSeconds(60))
                .setTimeSpentMinutes(18)
                .setTimeSpentByAgent(Map.of("ana", 15L, "carl", 3L))
                .setRunningTimers(List.of(new RunningTimer("ana", OPENED.plusSeconds(60))))
                .setTags(List.of("dns", "vip"))
                .build();
    }

    private static TicketEvent event(Object payload) {
        return TicketEvent.newBuilder()
                .setEventId("e-" + payload.getClass().getSimpleName())
                .setTicketId("t-1")
                .setTicketNumber(10234)
                .setVersion(2)
                .setOccurredAt(OPENED)
                .setActor(agent())
                .setCorrelationId("c-1")
                .setPayload(payload)
                .build();
    }

    private static Actor agent() {
        return new Actor(ActorKind.AGENT, "ana", "Ana", null);
    }

    /** The node as parsed from its text, so an int and a long of the same value compare equal. */
    private static JsonNode normalized(JsonNode node) {
        return json(node.toString());
    }

    private static JsonNode json(String text) {
        return MAPPER.readTree(text);
    }
}
