package dev.helpstream.sla.whatif;

import static dev.helpstream.sla.SlaPolicies.policy;

import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.Channel;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.schema.SlaMetric;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.config.BusinessCalendar;
import dev.helpstream.schema.config.DayOfWeek;
import dev.helpstream.schema.config.Priority;
import dev.helpstream.schema.config.SlaPolicy;
import dev.helpstream.schema.config.SlaScope;
import dev.helpstream.schema.config.SlaTarget;
import dev.helpstream.schema.config.Status;
import dev.helpstream.schema.config.WorkingHours;
import dev.helpstream.schema.event.CloseReason;
import dev.helpstream.schema.event.MessageAdded;
import dev.helpstream.schema.event.MessageDirection;
import dev.helpstream.schema.event.StatusChanged;
import dev.helpstream.schema.event.TicketClosed;
import dev.helpstream.schema.event.TicketOpened;
import dev.helpstream.schema.serde.SingleObjectAvroSerdes;
import dev.helpstream.sla.clock.SlaConfig;
import dev.helpstream.support.config.ConfigEntities;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A small helpdesk for what-if tests: statuses open, waiting (on the customer), resolved and
 * closed; priorities normal and high; the calendar {@code paris} (Monday to Friday, 09:00 to 17:00,
 * Europe/Paris); and builders for policies and for one ticket's history, each event with the next
 * version and the id {@code <ticket>:<version>}, as routing writes them.
 */
final class Helpdesk {

    static final Actor CUSTOMER = new Actor(ActorKind.CUSTOMER, "ops@customer.example", "Ops", null);
    static final Actor BOB = new Actor(ActorKind.AGENT, "bob", "Bob", "bob@acme.example");
    static final Actor ROUTING = new Actor(ActorKind.SYSTEM, "routing", null, null);

    static {
        // Loading the serdes trusts the generated classes, which Avro's builders need to fill
        // record defaults (as in every service, where the serdes are always loaded).
        SingleObjectAvroSerdes.instance();
    }

    private final List<ConfigEntity> entities = new ArrayList<>();

    Helpdesk() {
        add(ConfigEntityType.STATUS, "open", status("Open", LifecycleState.OPEN));
        add(ConfigEntityType.STATUS, "waiting", status("Waiting on customer", LifecycleState.WAITING_ON_CUSTOMER));
        add(ConfigEntityType.STATUS, "resolved", status("Resolved", LifecycleState.RESOLVED));
        add(ConfigEntityType.STATUS, "closed", status("Closed", LifecycleState.CLOSED));
        add(
                ConfigEntityType.PRIORITY,
                "normal",
                Priority.newBuilder().setName("Normal").setRank(2).build());
        add(
                ConfigEntityType.PRIORITY,
                "high",
                Priority.newBuilder().setName("High").setRank(3).build());
        add(
                ConfigEntityType.BUSINESS_CALENDAR,
                "paris",
                BusinessCalendar.newBuilder()
                        .setName("Paris office")
                        .setTimeZoneId("Europe/Paris")
                        .setWorkingHours(Stream.of(
                                        DayOfWeek.MONDAY,
                                        DayOfWeek.TUESDAY,
                                        DayOfWeek.WEDNESDAY,
                                        DayOfWeek.THURSDAY,
                                        DayOfWeek.FRIDAY)
                                .map(day -> new WorkingHours(day, "09:00", "17:00"))
                                .toList())
                        .build());
    }

    /** Adds a policy at revision 1. */
    Helpdesk policy(String id, SlaPolicy policy) {
        return add(ConfigEntityType.SLA_POLICY, id, policy);
    }

    SlaConfig config() {
        return SlaConfig.of(ConfigEntities.of(entities));
    }

    private Helpdesk add(ConfigEntityType type, String id, Object payload) {
        entities.add(ConfigEntity.newBuilder()
                .setEntityType(type)
                .setId(id)
                .setRevision(1)
                .setUpdatedAt(Instant.parse("2025-01-01T00:00:00Z"))
                .setUpdatedBy(new Actor(ActorKind.ADMIN, "admin", null, null))
                .setPayload(payload)
                .build());
        return this;
    }

    // --- policies ---------------------------------------------------------------------------------

    static SlaTarget statusTarget(String statusId, int minutes) {
        return SlaTarget.newBuilder()
                .setMetric(SlaMetric.STATUS_REACHED)
                .setStatusId(statusId)
                .setDurationMinutes(minutes)
                .setBusinessTime(false)
                .build();
    }

    static SlaScope departments(String... departmentIds) {
        return SlaScope.newBuilder().setDepartmentIds(List.of(departmentIds)).build();
    }

    // --- histories --------------------------------------------------------------------------------

    /** One ticket's history, built event by event. */
    static final class Ticket {

        private final String id;
        private final long number;
        private final List<WhatIf.Recorded> events = new ArrayList<>();

        Ticket(String id, long number) {
            this.id = id;
            this.number = number;
        }

        Ticket opened(Instant at, String departmentId) {
            return event(
                    at,
                    CUSTOMER,
                    TicketOpened.newBuilder()
                            .setSubject("Disk full on web-3")
                            .setCustomer(new Contact("ops@customer.example", "Ops", null))
                            .setChannel(Channel.EMAIL)
                            .setDepartmentId(departmentId)
                            .setPriorityId("normal")
                            .setStatusId("open")
                            .setLifecycle(LifecycleState.OPEN)
                            .setFirstMessageId("m-" + id)
                            .setBody(new MessageBody("/var is at 100%", null, null))
                            .setAutoReplyAllowed(true)
                            .build());
        }

        Ticket staffReply(Instant at) {
            return event(at, BOB, message(BOB, MessageDirection.OUTBOUND));
        }

        Ticket customerReply(Instant at) {
            return event(at, CUSTOMER, message(CUSTOMER, MessageDirection.INBOUND));
        }

        Ticket status(Instant at, String from, String to) {
            return event(at, BOB, new StatusChanged(from, to, lifecycle(from), lifecycle(to)));
        }

        Ticket closed(Instant at, String fromStatusId) {
            return event(
                    at,
                    BOB,
                    TicketClosed.newBuilder()
                            .setReason(CloseReason.AGENT)
                            .setFromStatusId(fromStatusId)
                            .setToStatusId("closed")
                            .build());
        }

        Ticket event(Instant at, Actor actor, Object payload) {
            long version = events.size() + 1;
            events.add(new WhatIf.Recorded(
                    TicketEvent.newBuilder()
                            .setEventId(id + ":" + version)
                            .setTicketId(id)
                            .setTicketNumber(number)
                            .setVersion(version)
                            .setOccurredAt(at)
                            .setActor(actor)
                            .setPayload(payload)
                            .build(),
                    at));
            return this;
        }

        List<WhatIf.Recorded> history() {
            return List.copyOf(events);
        }

        private MessageAdded message(Actor author, MessageDirection direction) {
            return MessageAdded.newBuilder()
                    .setMessageId(id + "-m" + (events.size() + 1))
                    .setAuthor(author)
                    .setFrom(new Contact(author.getId(), author.getDisplayName(), null))
                    .setDirection(direction)
                    .setChannel(direction == MessageDirection.OUTBOUND ? Channel.STAFF : Channel.EMAIL)
                    .setBody(new MessageBody("text", null, null))
                    .setAutoReplyAllowed(true)
                    .build();
        }

        private static LifecycleState lifecycle(String statusId) {
            return switch (statusId) {
                case "waiting" -> LifecycleState.WAITING_ON_CUSTOMER;
                case "resolved" -> LifecycleState.RESOLVED;
                case "closed" -> LifecycleState.CLOSED;
                default -> LifecycleState.OPEN;
            };
        }
    }

    private static Status status(String name, LifecycleState lifecycle) {
        return Status.newBuilder()
                .setName(name)
                .setLifecycle(lifecycle)
                .setOrder(1)
                .setActive(true)
                .build();
    }
}
