package dev.helpstream.gateway.view;

import static dev.helpstream.gateway.view.TicketDocuments.AUTHORS;
import static dev.helpstream.gateway.view.TicketDocuments.EVENT;
import static dev.helpstream.gateway.view.TicketDocuments.EVENT_TICKET_ID;
import static dev.helpstream.gateway.view.TicketDocuments.EVENT_VERSION;
import static dev.helpstream.gateway.view.TicketDocuments.EVENT_VERSION_ORDER;
import static dev.helpstream.gateway.view.TicketDocuments.ID;
import static dev.helpstream.gateway.view.TicketDocuments.KIND;
import static dev.helpstream.gateway.view.TicketDocuments.KIND_TICKET;
import static dev.helpstream.gateway.view.TicketDocuments.NOTE_TEXT;
import static dev.helpstream.gateway.view.TicketDocuments.NUMBER;
import static dev.helpstream.gateway.view.TicketDocuments.PUBLIC_TEXT;
import static dev.helpstream.gateway.view.TicketDocuments.SHUFFLE;
import static dev.helpstream.gateway.view.TicketDocuments.SLA;
import static dev.helpstream.gateway.view.TicketDocuments.SLA_POSITION;
import static dev.helpstream.gateway.view.TicketDocuments.SNAPSHOT;

import dev.helpstream.gateway.sla.RemainingTime;
import dev.helpstream.gateway.sla.SlaSummary;
import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.event.MessageAdded;
import dev.helpstream.schema.event.NoteAdded;
import dev.helpstream.schema.event.TicketOpened;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexWriterConfig.OpenMode;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.IOUtils;

/**
 * The views' Lucene indexes on local disk: one of tickets (filters, sorts, text, snapshot) and one
 * of events (the conversations), see {@link TicketDocuments}. One thread writes, through {@link
 * #apply}; any number of threads read, each on a searcher acquired for the call.
 *
 * <p>Invariants: once a batch is made visible, every read sees all of it (the event index is
 * refreshed before the ticket index, so a ticket is never newer than its conversation); an event
 * is applied once per (ticket id, version), in the order read, and a version at or below the
 * ticket's applied one is a redelivery and ignored; a snapshot older than the one held is ignored.
 * Ticket text accumulates in the ticket document as stored fields because Lucene replaces whole
 * documents. Priority ranks are read from the configuration when a ticket is written: a changed
 * rank applies to tickets as they next change (and to all of them at the next start).
 *
 * <p>SLA events fold into the ticket's {@link SlaSummary} in the order read (one partition per
 * ticket, so topic order), once per record offset; they are independent of the snapshot and the
 * events (a summary may arrive before the ticket's first snapshot and waits in its pending
 * document).
 */
final class TicketIndex implements Closeable {

    static final int MAX_UNREFRESHED = 10_000;

    private final Path directory;
    private final Supplier<Map<String, Integer>> priorityRanks;
    private final RemainingTime remaining;
    private final Analyzer analyzer = new StandardAnalyzer();
    private final Directory ticketDirectory;
    private final Directory eventDirectory;
    private final IndexWriter ticketWriter;
    private final IndexWriter eventWriter;
    private final SearcherManager tickets;
    private final SearcherManager events;
    private final AtomicLong ticketCount = new AtomicLong();

    /**
     * Tickets written since the last refresh, which searchers cannot see yet: the next batch builds
     * on these. Bounded by a refresh at {@value #MAX_UNREFRESHED}; only the writer thread uses it.
     */
    private final Map<String, Entry> unrefreshed = new HashMap<>();

    private TicketIndex(Path directory, Supplier<Map<String, Integer>> priorityRanks, RemainingTime remaining)
            throws IOException {
        this.directory = directory;
        this.priorityRanks = priorityRanks;
        this.remaining = remaining;
        this.ticketDirectory = FSDirectory.open(directory.resolve("tickets"));
        this.eventDirectory = FSDirectory.open(directory.resolve("events"));
        this.ticketWriter = new IndexWriter(
                ticketDirectory,
                config().setIndexSort(new Sort(
                        new org.apache.lucene.search.SortField(SHUFFLE, org.apache.lucene.search.SortField.Type.INT))));
        this.eventWriter = new IndexWriter(eventDirectory, config());
        this.tickets = new SearcherManager(ticketWriter, null);
        this.events = new SearcherManager(eventWriter, null);
    }

    /**
     * Creates empty indexes in the {@code tickets} and {@code events} subdirectories of {@code
     * directory}, deleting whatever they held (and nothing else): the views are rebuilt from the
     * topics at each start.
     *
     * @param priorityRanks the configured rank of each priority id; asked once per batch
     * @param remaining counts the time an SLA target has left when its clock stops
     */
    static TicketIndex create(Path directory, Supplier<Map<String, Integer>> priorityRanks, RemainingTime remaining) {
        try {
            deleteRecursively(directory.resolve("tickets"));
            deleteRecursively(directory.resolve("events"));
            Files.createDirectories(directory);
            return new TicketIndex(directory, priorityRanks, remaining);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the ticket views' index in " + directory, e);
        }
    }

    /** An index whose SLA clocks count wall-clock time. */
    static TicketIndex create(Path directory, Supplier<Map<String, Integer>> priorityRanks) {
        return create(directory, priorityRanks, RemainingTime.CALENDAR);
    }

    Path directory() {
        return directory;
    }

    /** How many tickets have a snapshot (deleted, merged and spam ones included). */
    long ticketCount() {
        return ticketCount.get();
    }

    /**
     * Applies a batch of records, in order. Only the one writer thread calls this.
     *
     * @param visible make the batch visible to every read before returning (live records); false
     *     lets it wait for a later batch or {@link #refresh()} (the replay at start, where a refresh
     *     per poll would cost more than the replay itself)
     * @return what changed, per ticket touched, in the order first touched
     */
    List<Applied> apply(List<Update> updates, boolean visible) throws IOException {
        Map<String, Entry> touched = new LinkedHashMap<>();
        IndexSearcher searcher = tickets.acquire();
        try {
            IdLookup ids = new IdLookup(searcher);
            for (Update update : updates) {
                Entry entry = touched.get(update.ticketId());
                if (entry == null) {
                    Entry written = unrefreshed.get(update.ticketId());
                    entry = written != null ? written.nextBatch() : load(searcher, ids, update.ticketId());
                    touched.put(update.ticketId(), entry);
                }
                if (update.event() != null) {
                    if (entry.applyEvent(update.event())) {
                        eventWriter.addDocument(TicketDocuments.event(update.event()));
                    }
                } else if (update.slaEvent() != null) {
                    entry.applySla(update.slaEvent(), update.slaOffset(), remaining);
                } else {
                    entry.applyState(update.ticket());
                }
            }
        } finally {
            tickets.release(searcher);
        }
        Map<String, Integer> ranks = priorityRanks.get();
        List<Applied> applied = new ArrayList<>(touched.size());
        long countChange = 0;
        for (Entry entry : touched.values()) {
            if (!entry.changed()) {
                continue;
            }
            if (entry.written) {
                ticketWriter.updateDocument(new Term(ID, entry.ticketId), entry.document(ranks));
            } else {
                // Nothing to replace: a delete term would be looked up in every segment at the refresh.
                ticketWriter.addDocument(entry.document(ranks));
                entry.written = true;
            }
            countChange += (entry.snapshot != null ? 1 : 0) - (entry.wasTicket ? 1 : 0);
            applied.add(new Applied(
                    entry.ticketId,
                    entry.snapshot,
                    entry.eventVersion,
                    entry.stateChanged,
                    entry.newEvents,
                    entry.sla,
                    entry.slaChanged));
            if (!visible) {
                unrefreshed.put(entry.ticketId, entry);
            }
        }
        ticketCount.addAndGet(countChange);
        if (visible || unrefreshed.size() >= MAX_UNREFRESHED) {
            refresh();
        }
        return applied;
    }

    /** Applies a batch and makes it visible before returning. */
    List<Applied> apply(List<Update> updates) throws IOException {
        return apply(updates, true);
    }

    /** Makes everything applied so far visible to every read. Only the writer thread calls this. */
    void refresh() throws IOException {
        // Events first: a ticket is never visible before its conversation.
        events.maybeRefreshBlocking();
        tickets.maybeRefreshBlocking();
        unrefreshed.clear();
    }

    /** The snapshot and the applied event version of a ticket, if it has a snapshot. */
    Optional<Applied> current(String ticketId) {
        return withTickets(searcher -> {
            int doc = docOf(searcher, ticketId);
            Ticket snapshot = doc < 0 ? null : snapshot(searcher, doc);
            if (snapshot == null) {
                return Optional.<Applied>empty();
            }
            long eventVersion = searcher.storedFields()
                    .document(doc, Set.of(EVENT_VERSION))
                    .getField(EVENT_VERSION)
                    .numericValue()
                    .longValue();
            return Optional.of(
                    new Applied(ticketId, snapshot, eventVersion, false, List.of(), sla(searcher, doc), false));
        });
    }

    /** The ticket's SLA summary, if it has one (whether or not its snapshot is known). */
    Optional<SlaSummary> sla(String ticketId) {
        return withTickets(searcher -> {
            int doc = docOf(searcher, ticketId);
            return Optional.ofNullable(doc < 0 ? null : sla(searcher, doc));
        });
    }

    Optional<Ticket> ticket(String ticketId) {
        return withTickets(searcher -> {
            int doc = docOf(searcher, ticketId);
            return Optional.ofNullable(doc < 0 ? null : snapshot(searcher, doc));
        });
    }

    Optional<Ticket> ticketByNumber(long number) {
        return first(new BooleanQuery.Builder()
                .add(new TermQuery(new Term(KIND, KIND_TICKET)), Occur.FILTER)
                .add(LongPoint.newExactQuery(NUMBER, number), Occur.FILTER)
                .build());
    }

    List<TicketEvent> conversation(String ticketId) {
        IndexSearcher searcher = acquire(events);
        try {
            Query query = new TermQuery(new Term(EVENT_TICKET_ID, ticketId));
            int count = searcher.count(query);
            if (count == 0) {
                return List.of();
            }
            Sort byVersion = new Sort(new org.apache.lucene.search.SortField(
                    EVENT_VERSION_ORDER, org.apache.lucene.search.SortField.Type.LONG));
            TopFieldDocs hits = searcher.search(query, count, byVersion);
            StoredFields stored = searcher.storedFields();
            List<TicketEvent> conversation = new ArrayList<>(hits.scoreDocs.length);
            for (ScoreDoc hit : hits.scoreDocs) {
                BytesRef bytes = stored.document(hit.doc, Set.of(EVENT)).getBinaryValue(EVENT);
                conversation.add(TicketDocuments.readEvent(bytes));
            }
            return conversation;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            release(events, searcher);
        }
    }

    TicketPage query(ViewQuery view) {
        int ordering = view.sort().ordinal();
        Object[] after = after(view.cursor(), ordering, view.descending(), ViewQueries.cursorTypes(view.sort()));
        return page(
                ViewQueries.filter(view),
                ViewQueries.sort(view.sort(), view.descending()),
                after,
                view.limit(),
                ordering,
                view.descending());
    }

    TicketPage search(SearchQuery search) {
        ViewQuery scope = search.scope();
        Object[] after = after(scope.cursor(), PageCursor.RELEVANCE, true, ViewQueries.relevanceCursorTypes());
        Query query = new BooleanQuery.Builder()
                .add(ViewQueries.text(search, analyzer), Occur.MUST)
                .add(ViewQueries.filter(scope), Occur.FILTER)
                .build();
        try {
            return page(query, ViewQueries.relevance(), after, scope.limit(), PageCursor.RELEVANCE, true);
        } catch (IndexSearcher.TooManyClauses e) {
            throw new IllegalArgumentException("search text has too many words or matches too many prefixes", e);
        }
    }

    private TicketPage page(Query query, Sort sort, Object[] after, int limit, int ordering, boolean descending) {
        return withTickets(searcher -> {
            // One more than asked says whether there is a next page without counting what follows.
            TopFieldDocs hits = searcher.searchAfter(after(searcher, after), query, limit + 1, sort, false);
            long total = hits.totalHits.relation == TotalHits.Relation.EQUAL_TO
                    ? hits.totalHits.value
                    : searcher.count(query);
            int shown = Math.min(limit, hits.scoreDocs.length);
            List<Ticket> page = new ArrayList<>(shown);
            Map<String, SlaSummary> sla = new HashMap<>();
            for (int i = 0; i < shown; i++) {
                Ticket ticket = snapshot(searcher, hits.scoreDocs[i].doc);
                page.add(ticket);
                SlaSummary summary = sla(searcher, hits.scoreDocs[i].doc);
                if (summary != null) {
                    sla.put(ticket.getTicketId(), summary);
                }
            }
            String next = hits.scoreDocs.length > limit
                    ? PageCursor.encode(ordering, descending, ((FieldDoc) hits.scoreDocs[limit - 1]).fields)
                    : null;
            return new TicketPage(page, next, total, sla);
        });
    }

    private static Object[] after(String cursor, int ordering, boolean descending, Class<?>[] types) {
        return cursor == null ? null : PageCursor.decode(cursor, ordering, descending, types);
    }

    private static FieldDoc after(IndexSearcher searcher, Object[] values) {
        if (values == null) {
            return null;
        }
        // Equal sort values mean the same ticket (the number is unique), so every document that ties
        // with the cursor was on a page already served: the highest doc id skips them all.
        return new FieldDoc(searcher.getIndexReader().maxDoc() - 1, Float.NaN, values);
    }

    private Optional<Ticket> first(Query query) {
        return withTickets(searcher -> {
            TopDocs hits = searcher.search(query, 1);
            return hits.scoreDocs.length == 0
                    ? Optional.<Ticket>empty()
                    : Optional.ofNullable(snapshot(searcher, hits.scoreDocs[0].doc));
        });
    }

    /** The live document of a ticket id, or -1. */
    private static int docOf(IndexSearcher searcher, String ticketId) throws IOException {
        return new IdLookup(searcher).docOf(ticketId);
    }

    /**
     * Finds ticket documents by id with a terms dictionary lookup per segment, far cheaper than a
     * query; one instance serves a whole batch, reusing its per-segment enums (the replay looks up
     * every ticket it reads).
     */
    private static final class IdLookup {

        private final List<LeafReaderContext> leaves;
        private final TermsEnum[] termsEnums;
        private PostingsEnum postings;

        IdLookup(IndexSearcher searcher) {
            this.leaves = searcher.getIndexReader().leaves();
            this.termsEnums = new TermsEnum[leaves.size()];
        }

        int docOf(String ticketId) throws IOException {
            BytesRef id = new BytesRef(ticketId);
            for (int i = leaves.size() - 1; i >= 0; i--) {
                LeafReaderContext leaf = leaves.get(i);
                TermsEnum termsEnum = termsEnums[i];
                if (termsEnum == null) {
                    Terms terms = leaf.reader().terms(ID);
                    termsEnum = terms == null ? TermsEnum.EMPTY : terms.iterator();
                    termsEnums[i] = termsEnum;
                }
                if (!termsEnum.seekExact(id)) {
                    continue;
                }
                Bits live = leaf.reader().getLiveDocs();
                postings = termsEnum.postings(postings, PostingsEnum.NONE);
                for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
                    if (live == null || live.get(doc)) {
                        return leaf.docBase + doc;
                    }
                }
            }
            return -1;
        }
    }

    private Entry load(IndexSearcher searcher, IdLookup ids, String ticketId) throws IOException {
        int doc = ids.docOf(ticketId);
        if (doc < 0) {
            return new Entry(ticketId, false, null, 0, List.of(), List.of(), List.of(), null, -1);
        }
        Document stored = searcher.storedFields().document(doc);
        return new Entry(
                ticketId,
                true,
                snapshot(searcher, doc),
                stored.getField(EVENT_VERSION).numericValue().longValue(),
                Arrays.asList(stored.getValues(PUBLIC_TEXT)),
                Arrays.asList(stored.getValues(NOTE_TEXT)),
                Arrays.asList(stored.getValues(AUTHORS)),
                sla(searcher, doc),
                stored.getField(SLA_POSITION).numericValue().longValue());
    }

    private static Ticket snapshot(IndexSearcher searcher, int doc) throws IOException {
        BytesRef bytes = binary(searcher, doc, SNAPSHOT);
        return bytes == null ? null : TicketDocuments.readTicket(bytes);
    }

    private static SlaSummary sla(IndexSearcher searcher, int doc) throws IOException {
        BytesRef bytes = binary(searcher, doc, SLA);
        return bytes == null ? null : SlaCodec.decode(bytes);
    }

    private static BytesRef binary(IndexSearcher searcher, int doc, String field) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        BinaryDocValues values = DocValues.getBinary(leaf.reader(), field);
        return values.advanceExact(doc - leaf.docBase) ? values.binaryValue() : null;
    }

    private <T> T withTickets(SearcherCall<T> call) {
        IndexSearcher searcher = acquire(tickets);
        try {
            return call.apply(searcher);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            release(tickets, searcher);
        }
    }

    private static IndexSearcher acquire(SearcherManager manager) {
        try {
            return manager.acquire();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void release(SearcherManager manager, IndexSearcher searcher) {
        try {
            manager.release(searcher);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        IOUtils.close(tickets, events, ticketWriter, eventWriter, ticketDirectory, eventDirectory, analyzer);
    }

    /** Deletes the index files too: for an index in a directory made for this process only. */
    void closeAndDelete() throws IOException {
        close();
        deleteRecursively(directory);
    }

    private static IndexWriterConfig config() {
        return new IndexWriterConfig(new StandardAnalyzer())
                .setOpenMode(OpenMode.CREATE)
                // Rebuilt from the topics at each start: a commit would only slow the shutdown.
                .setCommitOnClose(false)
                .setRAMBufferSizeMB(64);
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        }
    }

    @FunctionalInterface
    private interface SearcherCall<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    /**
     * One record to apply: an event, an SLA event, or a ticket's state (a null ticket is a
     * tombstone).
     *
     * @param ticketId the ticket
     * @param ticket the snapshot, for a state record
     * @param event the event, for an event record
     * @param slaEvent the SLA event, for a record of the SLA topic
     * @param slaOffset the SLA record's offset (the ticket's records share one partition)
     */
    record Update(String ticketId, Ticket ticket, TicketEvent event, SlaEvent slaEvent, long slaOffset) {

        static Update state(String ticketId, Ticket ticket) {
            return new Update(ticketId, ticket, null, null, -1);
        }

        static Update event(TicketEvent event) {
            return new Update(event.getTicketId(), null, event, null, -1);
        }

        static Update sla(String ticketId, SlaEvent event, long offset) {
            return new Update(ticketId, null, null, event, offset);
        }
    }

    /**
     * What a batch did to one ticket.
     *
     * @param ticketId the ticket
     * @param snapshot its snapshot now; null when none is known (only events, or a tombstone)
     * @param eventVersion the version of the last event applied
     * @param stateChanged whether a newer snapshot (or a tombstone) was applied
     * @param newEvents the events applied, redeliveries left out
     * @param sla the ticket's SLA summary now; null when it has none
     * @param slaChanged whether SLA events changed the summary
     */
    record Applied(
            String ticketId,
            Ticket snapshot,
            long eventVersion,
            boolean stateChanged,
            List<TicketEvent> newEvents,
            SlaSummary sla,
            boolean slaChanged) {}

    /** A ticket being changed by a batch: loaded from the index once, written back once. */
    private static final class Entry {

        private final String ticketId;
        private boolean wasTicket;
        /** Whether the index has a document for it, visible or not. */
        private boolean written;

        private final List<String> publicText;
        private final List<String> noteText;
        private final Set<String> authors;
        private List<TicketEvent> newEvents = new ArrayList<>();
        private Ticket snapshot;
        private long eventVersion;
        private boolean stateChanged;
        private SlaSummary sla;
        private long slaPosition;
        private boolean slaChanged;

        Entry(
                String ticketId,
                boolean written,
                Ticket snapshot,
                long eventVersion,
                List<String> publicText,
                List<String> noteText,
                List<String> authors,
                SlaSummary sla,
                long slaPosition) {
            this.ticketId = ticketId;
            this.sla = sla;
            this.slaPosition = slaPosition;
            this.written = written;
            this.snapshot = snapshot;
            this.wasTicket = snapshot != null;
            this.eventVersion = eventVersion;
            this.publicText = new ArrayList<>(publicText);
            this.noteText = new ArrayList<>(noteText);
            this.authors = new LinkedHashSet<>(authors);
        }

        /** This entry, written by an earlier batch and not refreshed yet, ready for the next one. */
        Entry nextBatch() {
            wasTicket = snapshot != null;
            stateChanged = false;
            slaChanged = false;
            newEvents = new ArrayList<>();
            return this;
        }

        boolean changed() {
            return stateChanged || slaChanged || !newEvents.isEmpty();
        }

        /** Folds an SLA event in, unless its offset was applied already (a redelivery). */
        void applySla(SlaEvent event, long offset, RemainingTime remaining) {
            if (offset <= slaPosition) {
                return;
            }
            slaPosition = offset;
            SlaSummary next = SlaSummary.apply(sla, event, remaining);
            if (!Objects.equals(next, sla)) {
                sla = next;
                slaChanged = true;
            }
        }

        void applyState(Ticket next) {
            if (next == null) {
                if (snapshot != null) {
                    snapshot = null;
                    stateChanged = true;
                }
            } else if ((snapshot == null || next.getVersion() >= snapshot.getVersion()) && !next.equals(snapshot)) {
                snapshot = next;
                stateChanged = true;
            }
        }

        /** False for a redelivery. */
        boolean applyEvent(TicketEvent event) {
            if (event.getVersion() <= eventVersion) {
                return false;
            }
            eventVersion = event.getVersion();
            newEvents.add(event);
            Object payload = event.getPayload();
            if (payload instanceof TicketOpened opened) {
                addText(publicText, opened.getBody().getText());
                addContact(opened.getCustomer());
                if (event.getActor().getKind() == ActorKind.AGENT
                        || event.getActor().getKind() == ActorKind.ADMIN) {
                    addActor(event.getActor());
                }
            } else if (payload instanceof MessageAdded message) {
                addText(publicText, message.getBody().getText());
                addActor(message.getAuthor());
                addContact(message.getFrom());
            } else if (payload instanceof NoteAdded note) {
                // Note authors stay out of the public authors field: customers search it.
                addText(noteText, note.getBody().getText());
            }
            return true;
        }

        Document document(Map<String, Integer> ranks) {
            return TicketDocuments.ticket(
                    ticketId, snapshot, eventVersion, publicText, noteText, authors, ranks, sla, slaPosition);
        }

        private void addContact(Contact contact) {
            addAuthor(contact.getDisplayName());
            addAuthor(contact.getEmail());
        }

        private void addActor(Actor actor) {
            addAuthor(actor.getDisplayName());
            addAuthor(actor.getEmail());
        }

        private void addAuthor(String author) {
            if (author != null && !author.isBlank()) {
                authors.add(author.strip());
            }
        }

        private static void addText(List<String> texts, String text) {
            if (text != null && !text.isBlank()) {
                texts.add(text);
            }
        }
    }

    @Override
    public String toString() {
        return "TicketIndex[" + Objects.toString(directory) + "]";
    }
}
