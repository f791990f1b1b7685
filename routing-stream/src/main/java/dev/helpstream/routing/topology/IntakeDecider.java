package dev.helpstream.routing.topology;

import dev.helpstream.routing.ticket.FilterEngine;
import dev.helpstream.routing.ticket.MailAutomation;
import dev.helpstream.routing.ticket.Threading;
import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.Channel;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.InboundMessage;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.config.SupportAddress;
import dev.helpstream.schema.event.CloseReason;
import dev.helpstream.schema.event.MessageAdded;
import dev.helpstream.schema.event.MessageDirection;
import dev.helpstream.schema.event.ReopenTrigger;
import dev.helpstream.schema.event.StatusChanged;
import dev.helpstream.schema.event.SuppressionReason;
import dev.helpstream.schema.event.SuppressionRecorded;
import dev.helpstream.schema.event.SuppressionScope;
import dev.helpstream.schema.event.TicketClosed;
import dev.helpstream.schema.event.TicketOpened;
import dev.helpstream.schema.event.TicketReopened;
import dev.helpstream.schema.ids.TicketIds;
import dev.helpstream.schema.internal.DirectoryEntry;
import dev.helpstream.schema.internal.IntakeRequest;
import dev.helpstream.schema.internal.IntakeRoute;
import dev.helpstream.schema.internal.TicketAggregate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Decides what an inbound message does to the ticket it was routed to: open it, add a message,
 * reopen it, drop a duplicate, put it on record only, or send the message on to another ticket.
 * Pure: the processor supplies the state, the configuration, the time of the record and the next
 * ticket number.
 *
 * <p>Mail protection: loops and bounces never become a ticket or a message, only a {@code
 * SuppressionRecorded} (on the ticket they thread into, else on the pseudo ticket {@code
 * inbound:<message id>}); machine-generated mail opens or joins a ticket with {@code
 * autoReplyAllowed=false} and a {@code SuppressionRecorded(NOTIFICATION)}, but never reopens a
 * closed one; a new ticket is filed under the first support address of the To, then Cc headers,
 * and no support address ever becomes a CC.
 */
final class IntakeDecider {

    /** A message sent on more often than this is opened as a new ticket, to end any cycle. */
    static final int MAX_HOPS = 3;

    /** The actor of what filters do. */
    static final Actor FILTERS = Actor.newBuilder()
            .setKind(ActorKind.SYSTEM)
            .setId("filters")
            .setDisplayName("Filters")
            .build();

    /** The actor of what routing decides on its own: the suppressions. */
    static final Actor ROUTING = Actor.newBuilder()
            .setKind(ActorKind.SYSTEM)
            .setId("routing")
            .setDisplayName("Routing")
            .build();

    private final HelpdeskConfig config;
    private final Predicate<String> spamSender;
    private final FilterEngine filters = new FilterEngine();

    IntakeDecider(HelpdeskConfig config, Predicate<String> spamSender) {
        this.config = config;
        this.spamSender = spamSender;
    }

    /** What happens; {@code current} is null when the ticket does not exist on this partition. */
    Outcome decide(String ticketId, TicketAggregate current, IntakeRequest request, Instant now, LongSupplier numbers) {
        InboundMessage message = request.getInbound();
        if (current == null) {
            if (request.getRoute() == IntakeRoute.NEW_TICKET
                    || request.getRoute() == IntakeRoute.REOPEN_WINDOW_EXPIRED
                    || request.getHops() >= MAX_HOPS) {
                return open(ticketId, request, now, numbers);
            }
            // The directory pointed at a ticket that is not here (yet): open one of its own.
            return sendOnAsNew(request, null);
        }
        if (current.getInboundMessageIds().contains(message.getMessageId())) {
            return Outcome.NOTHING;
        }
        Ticket ticket = current.getTicket();
        boolean auditOnly = MailAutomation.isAuditOnly(message);
        // A Message-ID the helpdesk generated names its ticket, but anyone can quote it: like a
        // subject tag it admits only the ticket's people. Loops and bounces only go on record.
        boolean byGeneratedId =
                request.getRoute() == IntakeRoute.REPLY_HEADERS && !auditOnly && !threadsByKnownId(ticket, message);
        boolean byReference = request.getRoute() == IntakeRoute.SUBJECT_TAG
                || request.getRoute() == IntakeRoute.PORTAL_HINT
                || byGeneratedId;
        if (byReference && !isParticipant(ticket, message.getFrom().getEmail())) {
            return sendOnAsNew(request, null);
        }
        if (ticket.getMergedIntoTicketId() != null) {
            // A merged ticket never takes mail; past the hop limit (a long chain) a new ticket opens.
            return request.getHops() < MAX_HOPS
                    ? sendOn(ticket.getMergedIntoTicketId(), request, IntakeRoute.MERGED_INTO, ticketId)
                    : sendOnAsNew(request, ticketId);
        }
        if (ticket.getDeleted()) {
            return sendOnAsNew(request, ticketId);
        }
        if (MailAutomation.isLoop(message)) {
            return recordOnTicket(
                    current,
                    message,
                    now,
                    SuppressionReason.LOOP,
                    MailAutomation.loopDetail(message, config.settings().getMessageIdDomain()));
        }
        if (MailAutomation.isBounce(message)) {
            return recordOnTicket(
                    current, message, now, SuppressionReason.BOUNCE, MailAutomation.bounceDetail(message));
        }
        Optional<String> automated = MailAutomation.automatedBy(message);
        if (ticket.getLifecycle() == LifecycleState.CLOSED) {
            if (automated.isPresent()) {
                // An out-of-office answer to the closing mail must not reopen the ticket.
                return recordOnTicket(current, message, now, SuppressionReason.AUTO_SUBMITTED, automated.get());
            }
            if (!withinReopenWindow(ticket, now)) {
                return sendOnAsNew(request, ticketId);
            }
            return reply(ticketId, current, request, now, true, automated);
        }
        return reply(ticketId, current, request, now, false, automated);
    }

    /** Whether the ticket already knows the message or one it refers to (not just a generated id). */
    private static boolean threadsByKnownId(Ticket ticket, InboundMessage message) {
        Set<String> known = new HashSet<>();
        ticket.getEmailMessageIds().forEach(id -> known.add(id.trim()));
        if (known.contains(message.getMessageId().trim())) {
            return true;
        }
        return Threading.referencedMessageIds(message).stream().anyMatch(known::contains);
    }

    /**
     * The message only goes on the ticket's record (a versioned event), as neither a message nor
     * a reopening; it is remembered so that a redelivery is dropped.
     */
    private static Outcome recordOnTicket(
            TicketAggregate current, InboundMessage message, Instant now, SuppressionReason reason, String detail) {
        Ticket before = current.getTicket();
        long version = before.getVersion() + 1;
        TicketEvent event = event(
                before,
                version,
                now,
                ROUTING,
                message,
                suppression(message, reason, SuppressionScope.MESSAGE, null, detail));
        List<String> seen = new ArrayList<>(current.getInboundMessageIds());
        seen.add(message.getMessageId());
        TicketAggregate state = TicketAggregate.newBuilder(current)
                .setTicket(Ticket.newBuilder(before)
                        .setVersion(version)
                        .setUpdatedAt(now)
                        .build())
                .setInboundMessageIds(seen)
                .build();
        return new Outcome(state, List.of(event), Map.of(), null, null);
    }

    private Outcome open(String ticketId, IntakeRequest request, Instant now, LongSupplier numbers) {
        InboundMessage message = request.getInbound();
        if (MailAutomation.isLoop(message)) {
            return notOpened(
                    message,
                    now,
                    SuppressionReason.LOOP,
                    MailAutomation.loopDetail(message, config.settings().getMessageIdDomain()));
        }
        if (MailAutomation.isBounce(message)) {
            return notOpened(message, now, SuppressionReason.BOUNCE, MailAutomation.bounceDetail(message));
        }
        FilterEngine.Result filtered = filters.apply(config.filters(), message);
        if (filtered.reject()) {
            return suppressed(message, now, filtered);
        }
        Addressing addressing = addressing(message);
        Routing routing = applyFilters(route(message, addressing.chosen()), filtered);
        Optional<String> automated = MailAutomation.automatedBy(message);
        long number = numbers.getAsLong();
        String status = config.statusFor(LifecycleState.NEW);
        boolean spam = filtered.spam() || spamSender.test(message.getFrom().getEmail());
        String subject = Threading.withoutTicketTag(message.getSubject());
        String emailMessageId = message.getChannel() == Channel.EMAIL ? message.getMessageId() : null;
        List<Contact> cc = new ArrayList<>(message.getCc());
        cc.addAll(filtered.cc());
        cc = withoutSupportAddresses(distinctCc(message.getFrom(), cc), message);
        String category = config.categoryAcceptable(filtered.categoryId()) && filtered.categoryId() != null
                ? filtered.categoryId()
                : hint(message, Hint.CATEGORY);
        String type = config.typeAcceptable(filtered.typeId()) && filtered.typeId() != null
                ? filtered.typeId()
                : hint(message, Hint.TYPE);
        String assignee =
                filtered.assigneeId() != null && config.isTeamMember(filtered.assigneeId(), routing.departmentId())
                        ? filtered.assigneeId()
                        : null;

        TicketOpened opened = TicketOpened.newBuilder()
                .setSubject(subject)
                .setCustomer(message.getFrom())
                .setCc(cc)
                .setChannel(message.getChannel())
                .setSupportAddress(routing.supportAddress())
                .setDepartmentId(routing.departmentId())
                .setServiceId(routing.serviceId())
                .setPriorityId(routing.priorityId())
                .setCategoryId(category)
                .setTypeId(type)
                .setStatusId(status)
                .setLifecycle(LifecycleState.NEW)
                .setAssigneeId(assignee)
                .setFirstMessageId(message.getMessageId())
                .setSourceMessageId(message.getMessageId())
                .setEmailMessageId(emailMessageId)
                .setBody(message.getBody())
                .setAttachments(message.getAttachments())
                .setLinkedTicketId(request.getLinkedTicketId())
                .setFiltersFired(filtered.fired())
                .setAutoReplyCannedResponseIds(filtered.autoReplies())
                .setSpam(spam)
                .setImportant(filtered.important())
                .setTags(filtered.tags())
                .setLanguage(message.getLanguage())
                .setAutoReplyAllowed(automated.isEmpty())
                .setOtherSupportAddresses(addressing.others())
                .build();
        Ticket.Builder ticket = opened(ticketId, number, opened, now)
                .setLinkedTicketIds(
                        request.getLinkedTicketId() == null ? List.of() : List.of(request.getLinkedTicketId()))
                .setEmailMessageIds(emailMessageId == null ? List.of() : List.of(emailMessageId))
                .setLastCustomerActivityAt(now);
        List<TicketEvent> events = new ArrayList<>();
        long version = 1;
        events.add(event(ticket.build(), version, now, customer(message), message, opened));
        if (automated.isPresent()) {
            events.add(event(
                    ticket.build(),
                    ++version,
                    now,
                    ROUTING,
                    message,
                    suppression(
                            message,
                            SuppressionReason.AUTO_SUBMITTED,
                            SuppressionScope.NOTIFICATION,
                            null,
                            automated.get())));
        }
        if (filtered.close()) {
            String closed = config.statusFor(LifecycleState.CLOSED);
            events.add(event(
                    ticket.build(),
                    ++version,
                    now,
                    FILTERS,
                    message,
                    TicketClosed.newBuilder()
                            .setReason(CloseReason.FILTER)
                            .setFromStatusId(status)
                            .setToStatusId(closed)
                            .build()));
            ticket.setStatusId(closed)
                    .setLifecycle(LifecycleState.CLOSED)
                    .setClosedAt(now)
                    .setResolvedAt(now);
        }
        Ticket built = ticket.setVersion(version).build();
        TicketAggregate state = TicketAggregate.newBuilder()
                .setTicket(built)
                .setInboundMessageIds(List.of(message.getMessageId()))
                .build();
        Map<String, DirectoryEntry> directory = new LinkedHashMap<>();
        directory.put(DirectoryKeys.number(number), numberEntry(built));
        if (emailMessageId != null) {
            directory.put(DirectoryKeys.message(emailMessageId), messageEntry(ticketId));
        }
        return new Outcome(state, List.copyOf(events), directory, null, null);
    }

    /** A filter rejected the message: it is kept on the inbound topic and the refusal is on record. */
    private static Outcome suppressed(InboundMessage message, Instant now, FilterEngine.Result filtered) {
        TicketEvent event = inboundSuppression(
                message,
                now,
                FILTERS,
                SuppressionReason.FILTER_REJECTED,
                SuppressionScope.TICKET,
                filtered.fired().get(filtered.fired().size() - 1),
                "filters fired: " + String.join(", ", filtered.fired()));
        return new Outcome(null, List.of(event), Map.of(), null, null);
    }

    /** A loop or bounce that threads into no ticket: kept on the inbound topic, on record only. */
    private static Outcome notOpened(InboundMessage message, Instant now, SuppressionReason reason, String detail) {
        TicketEvent event = inboundSuppression(message, now, ROUTING, reason, SuppressionScope.TICKET, null, detail);
        return new Outcome(null, List.of(event), Map.of(), null, null);
    }

    /**
     * A suppression that concerns no ticket: on the pseudo ticket {@code inbound:<message id>},
     * number 0, version 0 (the {@code SuppressionRecorded} convention).
     */
    static TicketEvent inboundSuppression(
            InboundMessage message,
            Instant now,
            Actor actor,
            SuppressionReason reason,
            SuppressionScope scope,
            String filterId,
            String detail) {
        String pseudoTicket = "inbound:" + message.getMessageId();
        return TicketEvent.newBuilder()
                .setEventId(pseudoTicket + ":0")
                .setTicketId(pseudoTicket)
                .setTicketNumber(0)
                .setVersion(0)
                .setOccurredAt(now)
                .setActor(actor)
                .setCausationId(message.getMessageId())
                .setPayload(suppression(message, reason, scope, filterId, detail))
                .build();
    }

    private static SuppressionRecorded suppression(
            InboundMessage message, SuppressionReason reason, SuppressionScope scope, String filterId, String detail) {
        return SuppressionRecorded.newBuilder()
                .setInboundMessageId(message.getMessageId())
                .setReason(reason)
                .setScope(scope)
                .setSenderEmail(message.getFrom().getEmail())
                .setFilterId(filterId)
                .setDetail(detail)
                .build();
    }

    private Routing applyFilters(Routing routing, FilterEngine.Result filtered) {
        String department =
                config.departmentExists(filtered.departmentId()) ? filtered.departmentId() : routing.departmentId();
        String service = filtered.serviceId() != null ? filtered.serviceId() : routing.serviceId();
        String priority = config.priorityExists(filtered.priorityId()) ? filtered.priorityId() : routing.priorityId();
        return new Routing(department, service, priority, routing.supportAddress());
    }

    private Outcome reply(
            String ticketId,
            TicketAggregate current,
            IntakeRequest request,
            Instant now,
            boolean reopen,
            Optional<String> automated) {
        InboundMessage message = request.getInbound();
        Ticket before = current.getTicket();
        List<TicketEvent> events = new ArrayList<>();
        long version = before.getVersion();
        Ticket.Builder ticket = Ticket.newBuilder(before);
        Actor author = customer(message);
        if (reopen) {
            String reopened = config.statusFor(LifecycleState.OPEN);
            events.add(event(
                    before,
                    ++version,
                    now,
                    author,
                    message,
                    TicketReopened.newBuilder()
                            .setTrigger(ReopenTrigger.CUSTOMER_REPLY)
                            .setPreviousClosedAt(before.getClosedAt())
                            .setFromStatusId(before.getStatusId())
                            .setToStatusId(reopened)
                            .setMessageId(message.getMessageId())
                            .build()));
            ticket.setStatusId(reopened)
                    .setLifecycle(LifecycleState.OPEN)
                    .setClosedAt(null)
                    .setResolvedAt(null);
        }
        String emailMessageId = message.getChannel() == Channel.EMAIL ? message.getMessageId() : null;
        events.add(event(
                before,
                ++version,
                now,
                author,
                message,
                MessageAdded.newBuilder()
                        .setMessageId(message.getMessageId())
                        .setAuthor(author)
                        .setFrom(message.getFrom())
                        .setDirection(MessageDirection.INBOUND)
                        .setChannel(message.getChannel())
                        .setBody(message.getBody())
                        .setAttachments(message.getAttachments())
                        .setSourceMessageId(message.getMessageId())
                        .setEmailMessageId(emailMessageId)
                        .setInReplyTo(message.getInReplyTo())
                        .setCc(withoutSupportAddresses(message.getCc(), message))
                        .setAutoReplyAllowed(automated.isEmpty())
                        .build()));
        if (automated.isPresent()) {
            events.add(event(
                    before,
                    ++version,
                    now,
                    ROUTING,
                    message,
                    suppression(
                            message,
                            SuppressionReason.AUTO_SUBMITTED,
                            SuppressionScope.NOTIFICATION,
                            null,
                            automated.get())));
        }
        LifecycleState lifecycle = reopen ? LifecycleState.OPEN : before.getLifecycle();
        // An out-of-office or list mail is not the customer answering: the ticket stays waiting on
        // them. It is still activity (updatedAt moves, and sla-stream re-arms the auto-close from
        // this event's time, in step with routing's stale check): an auto-reply answers a staff
        // message, once per message, so an auto-replying mailbox cannot keep a ticket open forever.
        if (!reopen
                && automated.isEmpty()
                && (lifecycle == LifecycleState.WAITING_ON_CUSTOMER || lifecycle == LifecycleState.RESOLVED)) {
            // The customer answered: the ticket is back with the staff.
            String open = config.statusFor(LifecycleState.OPEN);
            events.add(event(
                    before,
                    ++version,
                    now,
                    author,
                    message,
                    StatusChanged.newBuilder()
                            .setFromStatusId(before.getStatusId())
                            .setToStatusId(open)
                            .setFromLifecycle(lifecycle)
                            .setToLifecycle(LifecycleState.OPEN)
                            .build()));
            ticket.setStatusId(open).setLifecycle(LifecycleState.OPEN).setResolvedAt(null);
        }
        List<String> emailIds = new ArrayList<>(before.getEmailMessageIds());
        if (emailMessageId != null) {
            emailIds.add(emailMessageId);
        }
        Ticket after = ticket.setVersion(version)
                .setUpdatedAt(now)
                .setLastCustomerActivityAt(automated.isEmpty() ? now : before.getLastCustomerActivityAt())
                .setMessageCount(before.getMessageCount() + 1)
                .setAttachmentCount(
                        before.getAttachmentCount() + message.getAttachments().size())
                .setEmailMessageIds(emailIds)
                .build();
        List<String> seen = new ArrayList<>(current.getInboundMessageIds());
        seen.add(message.getMessageId());
        TicketAggregate state = TicketAggregate.newBuilder(current)
                .setTicket(after)
                .setInboundMessageIds(seen)
                .build();
        Map<String, DirectoryEntry> directory = emailMessageId == null
                ? Map.of()
                : Map.of(DirectoryKeys.message(emailMessageId), messageEntry(ticketId));
        return new Outcome(state, events, directory, null, null);
    }

    /**
     * The message opens a ticket of its own; like every new ticket from a message, through the
     * sender gate (so that a stray subject tag cannot get round the sender cap).
     */
    private Outcome sendOnAsNew(IntakeRequest request, String linkedTicketId) {
        InboundMessage message = request.getInbound();
        IntakeRoute route = linkedTicketId == null ? IntakeRoute.NEW_TICKET : IntakeRoute.REOPEN_WINDOW_EXPIRED;
        Outcome sent = sendOn(TicketIds.forInboundMessage(message.getMessageId()), request, route, linkedTicketId);
        if (!ThreadResolver.passesSenderGate(message)) {
            return sent;
        }
        return new Outcome(
                null,
                List.of(),
                Map.of(),
                new Outcome.Forward(
                        ThreadResolver.senderKey(message), sent.forward().request(), true),
                null);
    }

    private static Outcome sendOn(String ticketId, IntakeRequest request, IntakeRoute route, String linkedTicketId) {
        IntakeRequest next = IntakeRequest.newBuilder(request)
                .setRoute(route)
                .setLinkedTicketId(linkedTicketId)
                .setHops(request.getHops() + 1)
                .build();
        return new Outcome(null, List.of(), Map.of(), new Outcome.Forward(ticketId, next), null);
    }

    private boolean withinReopenWindow(Ticket ticket, Instant now) {
        int days = config.settings().getReopenWindowDays();
        if (days < 0) {
            return true;
        }
        if (days == 0 || ticket.getClosedAt() == null) {
            return false;
        }
        return !now.isAfter(ticket.getClosedAt().plus(Duration.ofDays(days)));
    }

    private Routing route(InboundMessage message, SupportAddress address) {
        String department = hint(message, Hint.DEPARTMENT);
        String service = hint(message, Hint.SERVICE);
        if (!config.departmentExists(department)) {
            department = address != null && config.departmentExists(address.getDepartmentId())
                    ? address.getDepartmentId()
                    : config.defaultDepartmentId();
            service = address != null ? address.getServiceId() : null;
        }
        String priority = hint(message, Hint.PRIORITY);
        if (!config.priorityExists(priority)) {
            priority = config.defaultPriorityId();
        }
        String supportAddress = address != null ? address.getEmail() : message.getRecipientAddress();
        return new Routing(department, service, priority, supportAddress);
    }

    /**
     * The support address a new ticket is filed under, chosen from the headers so that the same
     * mail fetched from two mailboxes routes the same way: the first configured one in To (header
     * order), then in Cc, else the one it was delivered to. The other configured addresses of the
     * headers are told about the ticket.
     */
    private Addressing addressing(InboundMessage message) {
        Map<String, SupportAddress> addressed = new LinkedHashMap<>();
        List<Contact> recipients = new ArrayList<>(message.getTo());
        recipients.addAll(message.getCc());
        for (Contact recipient : recipients) {
            String email = Threading.normalizeAddress(recipient.getEmail());
            if (!addressed.containsKey(email)) {
                config.supportAddress(email).ifPresent(address -> addressed.put(email, address));
            }
        }
        if (addressed.isEmpty()) {
            return new Addressing(
                    config.supportAddress(message.getRecipientAddress()).orElse(null), List.of());
        }
        List<String> emails = new ArrayList<>(addressed.keySet());
        List<String> others = emails.subList(1, emails.size()).stream().sorted().toList();
        return new Addressing(addressed.get(emails.get(0)), others);
    }

    /**
     * Copies without the helpdesk's own addresses (configured or the one the mail was delivered
     * to): mailing them would send the helpdesk its own mail, a loop.
     */
    private List<Contact> withoutSupportAddresses(List<Contact> contacts, InboundMessage message) {
        String deliveredTo = Threading.normalizeAddress(message.getRecipientAddress());
        return contacts.stream()
                .filter(contact -> {
                    String email = Threading.normalizeAddress(contact.getEmail());
                    return !(email.equals(deliveredTo) && !email.isEmpty())
                            && config.supportAddress(email).isEmpty();
                })
                .toList();
    }

    private static boolean isParticipant(Ticket ticket, String email) {
        String sender = Threading.normalizeAddress(email);
        if (Threading.normalizeAddress(ticket.getCustomer().getEmail()).equals(sender)) {
            return true;
        }
        return ticket.getCc().stream()
                .anyMatch(cc -> Threading.normalizeAddress(cc.getEmail()).equals(sender));
    }

    /** The snapshot of a ticket that has just been opened: everything {@code TicketOpened} says. */
    static Ticket.Builder opened(String ticketId, long number, TicketOpened opened, Instant now) {
        return Ticket.newBuilder()
                .setTicketId(ticketId)
                .setNumber(number)
                .setVersion(1)
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
                .setCreatedAt(now)
                .setUpdatedAt(now)
                .setSpam(opened.getSpam())
                .setImportant(opened.getImportant())
                .setTags(opened.getTags())
                .setMessageCount(1)
                .setAttachmentCount(opened.getAttachments().size())
                .setLanguage(opened.getLanguage());
    }

    static DirectoryEntry numberEntry(Ticket ticket) {
        Set<String> participants = new LinkedHashSet<>();
        participants.add(Threading.normalizeAddress(ticket.getCustomer().getEmail()));
        ticket.getCc().forEach(cc -> participants.add(Threading.normalizeAddress(cc.getEmail())));
        return DirectoryEntry.newBuilder()
                .setTicketId(ticket.getTicketId())
                .setParticipants(List.copyOf(participants))
                .setMergedIntoTicketId(ticket.getMergedIntoTicketId())
                .build();
    }

    private static DirectoryEntry messageEntry(String ticketId) {
        return DirectoryEntry.newBuilder().setTicketId(ticketId).build();
    }

    private static List<Contact> distinctCc(Contact customer, List<Contact> cc) {
        Map<String, Contact> distinct = new LinkedHashMap<>();
        String customerAddress = Threading.normalizeAddress(customer.getEmail());
        for (Contact contact : cc) {
            String address = Threading.normalizeAddress(contact.getEmail());
            if (!address.isEmpty() && !address.equals(customerAddress)) {
                distinct.putIfAbsent(address, contact);
            }
        }
        return List.copyOf(distinct.values());
    }

    static Actor customer(InboundMessage message) {
        Contact from = message.getFrom();
        return Actor.newBuilder()
                .setKind(ActorKind.CUSTOMER)
                .setId(Threading.normalizeAddress(from.getEmail()))
                .setDisplayName(from.getDisplayName())
                .setEmail(from.getEmail())
                .build();
    }

    static TicketEvent event(
            Ticket ticket, long version, Instant now, Actor actor, InboundMessage cause, Object payload) {
        return TicketEvent.newBuilder()
                .setEventId(ticket.getTicketId() + ":" + version)
                .setTicketId(ticket.getTicketId())
                .setTicketNumber(ticket.getNumber())
                .setVersion(version)
                .setOccurredAt(now)
                .setActor(actor)
                .setCausationId(cause.getMessageId())
                .setPayload(payload)
                .build();
    }

    private static String hint(InboundMessage message, Hint hint) {
        if (message.getHints() == null) {
            return null;
        }
        String value = switch (hint) {
            case DEPARTMENT -> message.getHints().getDepartmentId();
            case SERVICE -> message.getHints().getServiceId();
            case PRIORITY -> message.getHints().getPriorityId();
            case CATEGORY -> message.getHints().getCategoryId();
            case TYPE -> message.getHints().getTypeId();
        };
        return value == null || value.isBlank() ? null : value;
    }

    private enum Hint {
        DEPARTMENT,
        SERVICE,
        PRIORITY,
        CATEGORY,
        TYPE
    }

    private record Routing(String departmentId, String serviceId, String priorityId, String supportAddress) {}

    /** The support address a new ticket is filed under, and the other ones the mail was sent to. */
    private record Addressing(SupportAddress chosen, List<String> others) {}
}
