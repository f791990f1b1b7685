package dev.helpstream.gateway.view;

import dev.helpstream.gateway.sla.SlaSummary;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.topic.Topics;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field.Store;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.StringHelper;

/**
 * The shape of the views' Lucene documents: field names, and how a ticket and an event become a
 * document.
 *
 * <p>Ticket index: one document per ticket id. It holds the ticket's accumulated text (stored, so
 * it can be rewritten when the next event appends to it: Lucene replaces whole documents) and the
 * highest event version applied. Once a snapshot is known it also holds the filter terms, the sort
 * doc values (numbers as points too, so Lucene can skip non-competitive documents when sorting)
 * and the Avro snapshot as binary doc values, read without touching the stored text. Until then
 * (events read before the state record, or after a tombstone) its kind is {@value #KIND_PENDING}
 * and no view or search finds it.
 *
 * <p>SLA: the ticket's {@link SlaSummary} rides along (binary doc values, read with the snapshot),
 * with its earliest open due instant as a sort key ({@value #SLA_DUE}: tickets without one have no
 * value and sort last) and a {@value #SLA_LATE} term when a target breached or is at risk, so the
 * late view and the SLA sort are index queries like every other view.
 *
 * <p>Event index: one document per event with the ticket id, the version (doc values, for the
 * order) and the Avro event as a stored field.
 */
final class TicketDocuments {

    static final String ID = "id";
    static final String KIND = "kind";
    static final String KIND_TICKET = "ticket";
    static final String KIND_PENDING = "pending";
    static final String EVENT_VERSION = "eventVersion";
    static final String SNAPSHOT = "snapshot";

    /**
     * The ticket index's sort: a hash of the id. Tickets arrive roughly in number (and creation)
     * order; stored that way, every document of a "newest first" sort beats the ones before it and
     * Lucene could skip none of them. In an order unrelated to any sort key, a top-50 page soon has
     * a bar that most documents cannot pass, and the numeric sorts skip them using the points.
     */
    static final String SHUFFLE = "shuffle";

    static final String NUMBER = "number";
    static final String CREATED_AT = "createdAt";
    static final String UPDATED_AT = "updatedAt";
    static final String STATUS = "statusId";
    static final String LIFECYCLE = "lifecycle";
    static final String PRIORITY = "priorityId";
    static final String PRIORITY_SORT = "prioritySort";
    static final String CATEGORY = "categoryId";
    static final String TYPE = "typeId";
    static final String ASSIGNEE = "assigneeId";
    static final String UNASSIGNED = "unassigned";
    static final String DEPARTMENT = "departmentId";
    static final String SERVICE = "serviceId";
    static final String CUSTOMER_EMAIL = "customerEmail";
    static final String CUSTOMER_SORT = "customerSort";
    static final String TAG = "tag";
    static final String SHOWN = "shownWith";
    static final String YES = "true";

    /** The {@link SlaSummary}, as {@link SlaCodec} bytes in binary doc values; absent without one. */
    static final String SLA = "sla";

    /** The offset of the last {@code tickets.sla.v1} record applied (stored): redeliveries skip. */
    static final String SLA_POSITION = "slaPosition";

    /** The earliest due instant of an SLA target whose clock runs, not met (point and doc values). */
    static final String SLA_DUE = "slaDue";

    /** {@value #YES} when an SLA target breached or is at risk: the "late" view is this one term. */
    static final String SLA_LATE = "slaLate";

    static final String SUBJECT = "subject";
    static final String PUBLIC_TEXT = "publicText";
    static final String NOTE_TEXT = "noteText";
    static final String AUTHORS = "authors";

    static final String EVENT_TICKET_ID = "ticketId";
    static final String EVENT_VERSION_ORDER = "version";
    static final String EVENT = "event";

    /**
     * Added to the rank of important tickets: ranks are ints, so every important ticket sorts
     * above every other one.
     */
    static final long IMPORTANT = 1L << 40;

    private static final int MAX_SORT_KEY = 200;

    private static final Serializer<Ticket> TICKETS = Topics.STATE.valueSerde().serializer();
    private static final Deserializer<Ticket> TICKET_READER =
            Topics.STATE.valueSerde().deserializer();
    private static final Serializer<TicketEvent> EVENTS =
            Topics.EVENTS.valueSerde().serializer();
    private static final Deserializer<TicketEvent> EVENT_READER =
            Topics.EVENTS.valueSerde().deserializer();

    private TicketDocuments() {}

    /**
     * The ticket document.
     *
     * @param snapshot null while only events are known
     * @param priorityRanks the configured rank of each priority id, read at index time
     * @param sla the ticket's SLA; null without one
     * @param slaPosition the offset of the last SLA record applied; -1 for none
     */
    static Document ticket(
            String ticketId,
            Ticket snapshot,
            long eventVersion,
            Collection<String> publicText,
            Collection<String> noteText,
            Collection<String> authors,
            Map<String, Integer> priorityRanks,
            SlaSummary sla,
            long slaPosition) {
        Document doc = new Document();
        doc.add(new StringField(ID, ticketId, Store.NO));
        doc.add(new NumericDocValuesField(SHUFFLE, shuffleKey(ticketId)));
        doc.add(new StringField(KIND, snapshot == null ? KIND_PENDING : KIND_TICKET, Store.NO));
        doc.add(new StoredField(EVENT_VERSION, eventVersion));
        publicText.forEach(text -> doc.add(new TextField(PUBLIC_TEXT, text, Store.YES)));
        noteText.forEach(text -> doc.add(new TextField(NOTE_TEXT, text, Store.YES)));
        authors.forEach(author -> doc.add(new TextField(AUTHORS, author, Store.YES)));
        if (snapshot != null) {
            addSnapshot(doc, snapshot, priorityRanks);
        }
        doc.add(new StoredField(SLA_POSITION, slaPosition));
        if (sla != null) {
            doc.add(new BinaryDocValuesField(SLA, SlaCodec.encode(sla)));
            sla.earliestOpenDue().ifPresent(due -> sortableLong(doc, SLA_DUE, due.toEpochMilli()));
            if (sla.late()) {
                term(doc, SLA_LATE, YES);
            }
        }
        return doc;
    }

    private static void addSnapshot(Document doc, Ticket ticket, Map<String, Integer> priorityRanks) {
        doc.add(new BinaryDocValuesField(SNAPSHOT, new BytesRef(TICKETS.serialize(Topics.STATE.name(), ticket))));
        doc.add(new TextField(SUBJECT, ticket.getSubject(), Store.NO));
        sortableLong(doc, NUMBER, ticket.getNumber());
        sortableLong(doc, CREATED_AT, ticket.getCreatedAt().toEpochMilli());
        sortableLong(doc, UPDATED_AT, ticket.getUpdatedAt().toEpochMilli());
        sortableLong(doc, PRIORITY_SORT, prioritySortKey(ticket, priorityRanks));
        term(doc, STATUS, ticket.getStatusId());
        doc.add(new SortedDocValuesField(STATUS, new BytesRef(ticket.getStatusId())));
        term(doc, LIFECYCLE, ticket.getLifecycle().name());
        term(doc, PRIORITY, ticket.getPriorityId());
        term(doc, CATEGORY, ticket.getCategoryId());
        term(doc, TYPE, ticket.getTypeId());
        term(doc, DEPARTMENT, ticket.getDepartmentId());
        term(doc, SERVICE, ticket.getServiceId());
        if (ticket.getAssigneeId() == null) {
            term(doc, UNASSIGNED, YES);
        } else {
            term(doc, ASSIGNEE, ticket.getAssigneeId());
        }
        term(doc, CUSTOMER_EMAIL, normalizedEmail(ticket.getCustomer().getEmail()));
        doc.add(new SortedDocValuesField(CUSTOMER_SORT, new BytesRef(customerSortKey(ticket))));
        ticket.getTags().forEach(tag -> term(doc, TAG, tag));
        int hiddenBy = flagBits(ticket.getSpam(), ticket.getDeleted(), ticket.getMergedIntoTicketId() != null);
        for (int included = 0; included < 8; included++) {
            if ((hiddenBy & ~included) == 0) {
                term(doc, SHOWN, Integer.toString(included));
            }
        }
    }

    /**
     * The spam, deleted and merged flags as bits. A ticket is indexed under {@value #SHOWN} with
     * every combination of included flags that shows it, so a view's visibility is one term: a single
     * postings list to count, where three exclusions would cost a walk over three more.
     */
    static int flagBits(boolean spam, boolean deleted, boolean merged) {
        return (spam ? 1 : 0) | (deleted ? 2 : 0) | (merged ? 4 : 0);
    }

    /** An event's document in the event index. */
    static Document event(TicketEvent event) {
        Document doc = new Document();
        doc.add(new StringField(EVENT_TICKET_ID, event.getTicketId(), Store.NO));
        doc.add(new NumericDocValuesField(EVENT_VERSION_ORDER, event.getVersion()));
        doc.add(new StoredField(EVENT, EVENTS.serialize(Topics.EVENTS.name(), event)));
        return doc;
    }

    static Ticket readTicket(BytesRef bytes) {
        byte[] copy = new byte[bytes.length];
        System.arraycopy(bytes.bytes, bytes.offset, copy, 0, bytes.length);
        return TICKET_READER.deserialize(Topics.STATE.name(), copy);
    }

    static TicketEvent readEvent(BytesRef bytes) {
        byte[] copy = new byte[bytes.length];
        System.arraycopy(bytes.bytes, bytes.offset, copy, 0, bytes.length);
        return EVENT_READER.deserialize(Topics.EVENTS.name(), copy);
    }

    /** Important first, then the configured rank; an unknown priority ranks 0. */
    static long prioritySortKey(Ticket ticket, Map<String, Integer> priorityRanks) {
        long rank = priorityRanks.getOrDefault(ticket.getPriorityId(), 0);
        return ticket.getImportant() ? IMPORTANT + rank : rank;
    }

    static int shuffleKey(String ticketId) {
        BytesRef id = new BytesRef(ticketId);
        return StringHelper.murmurhash3_x86_32(id.bytes, id.offset, id.length, 0x5eed);
    }

    static String customerSortKey(Ticket ticket) {
        String name = ticket.getCustomer().getDisplayName();
        String key = name == null || name.isBlank() ? ticket.getCustomer().getEmail() : name.strip();
        key = key.toLowerCase(Locale.ROOT);
        return key.length() > MAX_SORT_KEY ? key.substring(0, MAX_SORT_KEY) : key;
    }

    static String normalizedEmail(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    private static void sortableLong(Document doc, String field, long value) {
        doc.add(new LongPoint(field, value));
        doc.add(new NumericDocValuesField(field, value));
    }

    private static void term(Document doc, String field, String value) {
        if (value != null) {
            doc.add(new StringField(field, value, Store.NO));
        }
    }
}
