package dev.helpstream.sla.topology;

import static dev.helpstream.sla.SlaPolicies.policy;

import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.Channel;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.schema.ReportDay;
import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.config.BusinessCalendar;
import dev.helpstream.schema.config.DayOfWeek;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.config.Priority;
import dev.helpstream.schema.config.SlaPolicy;
import dev.helpstream.schema.config.SlaScope;
import dev.helpstream.schema.config.Status;
import dev.helpstream.schema.config.WorkingHours;
import dev.helpstream.schema.event.CloseReason;
import dev.helpstream.schema.event.MessageAdded;
import dev.helpstream.schema.event.MessageDirection;
import dev.helpstream.schema.event.ReopenTrigger;
import dev.helpstream.schema.event.StatusChanged;
import dev.helpstream.schema.event.TicketClosed;
import dev.helpstream.schema.event.TicketOpened;
import dev.helpstream.schema.event.TicketReopened;
import dev.helpstream.schema.ids.ConfigKeys;
import dev.helpstream.schema.internal.SlaClockState;
import dev.helpstream.schema.topic.Topics;
import dev.helpstream.sla.PoisonRecordHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The SLA topology on a {@link TopologyTestDriver} with the runtime's error handling (dead letters
 * to {@code sla.dlq.v1}), a small helpdesk (statuses open, waiting, resolved, closed; priorities
 * normal and high) and builders for one ticket's events: each event gets the next version and the
 * id {@code <ticket>:<version>}, as routing writes them, and the given instant as record time.
 */
final class SlaDriver implements AutoCloseable {

    static final String TICKET = "t-1";
    static final long NUMBER = 10234;
    static final Actor CUSTOMER = new Actor(ActorKind.CUSTOMER, "ops@customer.example", "Ops", null);
    static final Actor BOB = new Actor(ActorKind.AGENT, "bob", "Bob", "bob@acme.example");
    static final Actor ROUTING = new Actor(ActorKind.SYSTEM, "routing", null, null);

    private final TopologyTestDriver driver;
    private final TestInputTopic<String, ConfigEntity> config;
    private final TestInputTopic<String, TicketEvent> events;
    private final TestInputTopic<byte[], byte[]> rawEvents;
    private final TestOutputTopic<String, SlaEvent> sla;
    private final Map<String, Long> versions = new HashMap<>();
    private final Map<String, Long> revisions = new HashMap<>();
    private final List<TestRecord<String, TicketEvent>> piped = new ArrayList<>();
    private Instant wallClock;

    /**
     * A driver whose wall clock starts at {@code wallClock}; the punctuator runs every second and
     * fires what is due by the wall clock itself (no grace), so a test moves the clock to a deadline.
     */
    SlaDriver(Instant wallClock) {
        this(wallClock, Duration.ZERO);
    }

    /** A driver whose punctuator fires only deadlines at least {@code grace} old. */
    SlaDriver(Instant wallClock, Duration grace) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "sla-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, PoisonRecordHandler.class);
        props.put(
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueProcessingExceptionHandler.class);
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.SLA_DLQ.name());
        this.driver = new TopologyTestDriver(
                SlaTopology.build(SlaTopology.Settings.defaults().withPunctuateGrace(grace)), props, wallClock);
        this.wallClock = wallClock;
        this.config = driver.createInputTopic(
                Topics.CONFIG.name(),
                Topics.CONFIG.keySerde().serializer(),
                Topics.CONFIG.valueSerde().serializer());
        this.events = driver.createInputTopic(
                Topics.EVENTS.name(),
                Topics.EVENTS.keySerde().serializer(),
                Topics.EVENTS.valueSerde().serializer());
        this.rawEvents =
                driver.createInputTopic(Topics.EVENTS.name(), new ByteArraySerializer(), new ByteArraySerializer());
        this.sla = driver.createOutputTopic(
                Topics.SLA.name(),
                Topics.SLA.keySerde().deserializer(),
                Topics.SLA.valueSerde().deserializer());
        configure(ConfigEntityType.STATUS, "open", status("Open", LifecycleState.OPEN));
        configure(
                ConfigEntityType.STATUS, "waiting", status("Waiting on customer", LifecycleState.WAITING_ON_CUSTOMER));
        configure(ConfigEntityType.STATUS, "resolved", status("Resolved", LifecycleState.RESOLVED));
        configure(ConfigEntityType.STATUS, "closed", status("Closed", LifecycleState.CLOSED));
        configure(ConfigEntityType.PRIORITY, "normal", priority("Normal", 2));
        configure(ConfigEntityType.PRIORITY, "high", priority("High", 3));
    }

    /** Saves a config entity with the next revision of its key. */
    void configure(ConfigEntityType type, String id, Object payload) {
        String key = ConfigKeys.key(type, id);
        long revision = revisions.merge(key, 1L, Long::sum);
        config.pipeInput(
                key,
                ConfigEntity.newBuilder()
                        .setEntityType(type)
                        .setId(id)
                        .setRevision(revision)
                        .setUpdatedAt(wallClock)
                        .setUpdatedBy(new Actor(ActorKind.ADMIN, "admin", null, null))
                        .setPayload(payload)
                        .build(),
                wallClock);
    }

    /** Deletes a config entity (a tombstone on the config topic). */
    void deleteConfig(ConfigEntityType type, String id) {
        config.pipeInput(ConfigKeys.key(type, id), null, wallClock);
    }

    void settings(int autoCloseInactiveDays, int reopenWindowDays) {
        configure(
                ConfigEntityType.HELPDESK_SETTINGS,
                ConfigKeys.SETTINGS_ID,
                HelpdeskSettings.newBuilder()
                        .setAutoCloseInactiveDays(autoCloseInactiveDays)
                        .setReopenWindowDays(reopenWindowDays)
                        .build());
    }

    /** Pipes the ticket's next event with record time {@code at}. */
    TicketEvent event(String ticketId, Instant at, Actor actor, Object payload) {
        long version = versions.merge(ticketId, 1L, Long::sum);
        TicketEvent event = TicketEvent.newBuilder()
                .setEventId(ticketId + ":" + version)
                .setTicketId(ticketId)
                .setTicketNumber(NUMBER)
                .setVersion(version)
                .setOccurredAt(at)
                .setActor(actor)
                .setPayload(payload)
                .build();
        pipe(new TestRecord<>(ticketId, event, at));
        return event;
    }

    TicketEvent event(Instant at, Actor actor, Object payload) {
        return event(TICKET, at, actor, payload);
    }

    /** Pipes a record as it is (a replay of {@link #piped()}). */
    void pipe(TestRecord<String, TicketEvent> record) {
        piped.add(record);
        events.pipeInput(record);
    }

    /** Every ticket event piped so far, in order. */
    List<TestRecord<String, TicketEvent>> piped() {
        return List.copyOf(piped);
    }

    void pipeRaw(byte[] key, byte[] value, Instant at) {
        rawEvents.pipeInput(key, value, at);
    }

    /** Moves the wall clock to {@code instant}, which runs the wall-clock punctuator once. */
    void advanceWallClockTo(Instant instant) {
        driver.advanceWallClockTime(Duration.between(wallClock, instant));
        wallClock = instant;
    }

    List<SlaEvent> slaEvents() {
        return sla.readValuesToList();
    }

    List<TestRecord<String, SlaEvent>> slaRecords() {
        return sla.readRecordsToList();
    }

    /** The report days written so far, the latest per key, by key. */
    Map<String, ReportDay> reportDays() {
        Map<String, ReportDay> days = new TreeMap<>();
        driver.createOutputTopic(
                        Topics.REPORT_DAYS.name(),
                        Topics.REPORT_DAYS.keySerde().deserializer(),
                        Topics.REPORT_DAYS.valueSerde().deserializer())
                .readKeyValuesToList()
                .forEach(day -> days.put(day.key, day.value));
        return days;
    }

    boolean noSlaEvents() {
        return sla.isEmpty();
    }

    List<TestRecord<byte[], byte[]>> deadLetters() {
        return driver.createOutputTopic(Topics.SLA_DLQ.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .readRecordsToList();
    }

    SlaClockState clock(String ticketId) {
        KeyValueStore<String, SlaClockState> store = driver.getKeyValueStore(SlaTopology.CLOCK_STORE);
        return store.get(ticketId);
    }

    /** The deadline index, key to ticket id, in key order. */
    List<KeyValue<String, String>> deadlineIndex() {
        KeyValueStore<String, String> store = driver.getKeyValueStore(SlaTopology.DEADLINE_INDEX);
        List<KeyValue<String, String>> entries = new ArrayList<>();
        try (KeyValueIterator<String, String> all = store.all()) {
            all.forEachRemaining(entries::add);
        }
        return entries;
    }

    /**
     * The deadline-index key of ticket {@link #TICKET}'s deadline {@code what} at {@code at}: epoch
     * millis in 19 digits, so any due time sorts in time order.
     */
    static String indexKey(Instant at, String what) {
        return String.format(Locale.ROOT, "%019d|%s|%s", at.toEpochMilli(), TICKET, what);
    }

    @Override
    public void close() {
        driver.close();
    }

    // --- payloads --------------------------------------------------------------------------------

    static TicketOpened.Builder opened(String departmentId, String priorityId) {
        return TicketOpened.newBuilder()
                .setSubject("Disk full on web-3")
                .setCustomer(new Contact("ops@customer.example", "Ops", null))
                .setChannel(Channel.EMAIL)
                .setDepartmentId(departmentId)
                .setPriorityId(priorityId)
                .setStatusId("open")
                .setLifecycle(LifecycleState.OPEN)
                .setFirstMessageId("m1")
                .setBody(new MessageBody("/var is at 100%", null, null))
                .setAutoReplyAllowed(true);
    }

    static MessageAdded staffReply() {
        return message(BOB, MessageDirection.OUTBOUND, true);
    }

    static MessageAdded customerMessage() {
        return message(CUSTOMER, MessageDirection.INBOUND, true);
    }

    static MessageAdded machineMessage() {
        return message(CUSTOMER, MessageDirection.INBOUND, false);
    }

    private static MessageAdded message(Actor author, MessageDirection direction, boolean autoReplyAllowed) {
        return MessageAdded.newBuilder()
                .setMessageId("m-" + direction + "-" + System.identityHashCode(author))
                .setAuthor(author)
                .setFrom(new Contact(author.getId(), author.getDisplayName(), null))
                .setDirection(direction)
                .setChannel(direction == MessageDirection.OUTBOUND ? Channel.STAFF : Channel.EMAIL)
                .setBody(new MessageBody("text", null, null))
                .setAutoReplyAllowed(autoReplyAllowed)
                .build();
    }

    static StatusChanged status(String from, LifecycleState fromLifecycle, String to, LifecycleState toLifecycle) {
        return new StatusChanged(from, to, fromLifecycle, toLifecycle);
    }

    static TicketClosed closed(String fromStatusId) {
        return TicketClosed.newBuilder()
                .setReason(CloseReason.AGENT)
                .setFromStatusId(fromStatusId)
                .setToStatusId("closed")
                .build();
    }

    static TicketReopened reopened() {
        return TicketReopened.newBuilder()
                .setTrigger(ReopenTrigger.CUSTOMER)
                .setFromStatusId("closed")
                .setToStatusId("open")
                .build();
    }

    static SlaScope scope(List<String> departmentIds, String minimumPriorityId) {
        return SlaScope.newBuilder()
                .setDepartmentIds(departmentIds)
                .setMinimumPriorityId(minimumPriorityId)
                .build();
    }

    /** Working hours 09:00–17:00 Monday to Friday in {@code zone}, no holidays. */
    static BusinessCalendar.Builder officeHours(String name, String zone) {
        return BusinessCalendar.newBuilder()
                .setName(name)
                .setTimeZoneId(zone)
                .setWorkingHours(Stream.of(
                                DayOfWeek.MONDAY,
                                DayOfWeek.TUESDAY,
                                DayOfWeek.WEDNESDAY,
                                DayOfWeek.THURSDAY,
                                DayOfWeek.FRIDAY)
                        .map(day -> new WorkingHours(day, "09:00", "17:00"))
                        .toList())
                .setHolidays(List.of());
    }

    void calendar(String id, BusinessCalendar calendar) {
        configure(ConfigEntityType.BUSINESS_CALENDAR, id, calendar);
    }

    void policy(String id, SlaPolicy policy) {
        configure(ConfigEntityType.SLA_POLICY, id, policy);
    }

    private static Status status(String name, LifecycleState lifecycle) {
        return Status.newBuilder()
                .setName(name)
                .setLifecycle(lifecycle)
                .setOrder(1)
                .setActive(true)
                .build();
    }

    private static Priority priority(String name, int rank) {
        return Priority.newBuilder().setName(name).setRank(rank).setActive(true).build();
    }
}
