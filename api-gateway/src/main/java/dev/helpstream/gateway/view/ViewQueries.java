package dev.helpstream.gateway.view;

import static dev.helpstream.gateway.view.TicketDocuments.ASSIGNEE;
import static dev.helpstream.gateway.view.TicketDocuments.AUTHORS;
import static dev.helpstream.gateway.view.TicketDocuments.CATEGORY;
import static dev.helpstream.gateway.view.TicketDocuments.CREATED_AT;
import static dev.helpstream.gateway.view.TicketDocuments.CUSTOMER_EMAIL;
import static dev.helpstream.gateway.view.TicketDocuments.CUSTOMER_SORT;
import static dev.helpstream.gateway.view.TicketDocuments.DEPARTMENT;
import static dev.helpstream.gateway.view.TicketDocuments.LIFECYCLE;
import static dev.helpstream.gateway.view.TicketDocuments.NOTE_TEXT;
import static dev.helpstream.gateway.view.TicketDocuments.NUMBER;
import static dev.helpstream.gateway.view.TicketDocuments.PRIORITY;
import static dev.helpstream.gateway.view.TicketDocuments.PRIORITY_SORT;
import static dev.helpstream.gateway.view.TicketDocuments.PUBLIC_TEXT;
import static dev.helpstream.gateway.view.TicketDocuments.SERVICE;
import static dev.helpstream.gateway.view.TicketDocuments.SHOWN;
import static dev.helpstream.gateway.view.TicketDocuments.SLA_DUE;
import static dev.helpstream.gateway.view.TicketDocuments.SLA_LATE;
import static dev.helpstream.gateway.view.TicketDocuments.STATUS;
import static dev.helpstream.gateway.view.TicketDocuments.SUBJECT;
import static dev.helpstream.gateway.view.TicketDocuments.TAG;
import static dev.helpstream.gateway.view.TicketDocuments.TYPE;
import static dev.helpstream.gateway.view.TicketDocuments.UNASSIGNED;
import static dev.helpstream.gateway.view.TicketDocuments.UPDATED_AT;
import static dev.helpstream.gateway.view.TicketDocuments.YES;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.simple.SimpleQueryParser;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * Turns {@link ViewQuery} and {@link SearchQuery} into Lucene queries and sorts: every restriction
 * and filter is a non-scoring filter clause on indexed terms, every sort reads doc values, so a
 * page costs the same whatever the index size and no ticket is ever scanned in Java.
 */
final class ViewQueries {

    /** Subject matches weigh most, then authors, then message and note text. */
    private static final Map<String, Float> PUBLIC_FIELDS = Map.of(SUBJECT, 3f, AUTHORS, 2f, PUBLIC_TEXT, 1f);

    private static final Map<String, Float> ALL_FIELDS;

    static {
        Map<String, Float> all = new LinkedHashMap<>(PUBLIC_FIELDS);
        all.put(NOTE_TEXT, 1f);
        ALL_FIELDS = Map.copyOf(all);
    }

    /** Quoted phrases, word* prefixes, -word exclusions and backslash escapes; nothing that can fail. */
    private static final int SEARCH_SYNTAX = SimpleQueryParser.PHRASE_OPERATOR
            | SimpleQueryParser.PREFIX_OPERATOR
            | SimpleQueryParser.NOT_OPERATOR
            | SimpleQueryParser.WHITESPACE_OPERATOR
            | SimpleQueryParser.ESCAPE_OPERATOR;

    private static final Pattern TICKET_NUMBER = Pattern.compile("#?(\\d{1,18})");

    private ViewQueries() {}

    /** The tickets a view selects: restrictions, filters and the spam/deleted/merged exclusions. */
    static Query filter(ViewQuery view) {
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        // Only tickets with a snapshot carry the term, so it also leaves out tickets still pending.
        int shownWith = TicketDocuments.flagBits(view.includeSpam(), view.includeDeleted(), view.includeMerged());
        query.add(new TermQuery(new Term(SHOWN, Integer.toString(shownWith))), Occur.FILTER);
        if (view.allowedDepartmentIds() != null) {
            if (view.allowedDepartmentIds().isEmpty()) {
                return new MatchNoDocsQuery("no department allowed");
            }
            query.add(anyOf(DEPARTMENT, view.allowedDepartmentIds()), Occur.FILTER);
        }
        if (view.customerEmail() != null) {
            query.add(
                    new TermQuery(new Term(CUSTOMER_EMAIL, TicketDocuments.normalizedEmail(view.customerEmail()))),
                    Occur.FILTER);
        }
        filter(query, LIFECYCLE, view.lifecycles().stream().map(Enum::name).toList());
        filter(query, STATUS, view.statusIds());
        filter(query, PRIORITY, view.priorityIds());
        filter(query, CATEGORY, view.categoryIds());
        filter(query, TYPE, view.typeIds());
        filter(query, ASSIGNEE, view.assigneeIds());
        if (view.unassignedOnly()) {
            query.add(new TermQuery(new Term(UNASSIGNED, YES)), Occur.FILTER);
        }
        filter(query, DEPARTMENT, view.departmentIds());
        filter(query, SERVICE, view.serviceIds());
        filter(query, TAG, view.tags());
        if (view.lateOnly()) {
            query.add(new TermQuery(new Term(SLA_LATE, YES)), Occur.FILTER);
        }
        return query.build();
    }

    /**
     * The text of a search as a scoring query over the searched fields, every word required.
     *
     * @throws IllegalArgumentException when nothing is left to search for
     */
    static Query text(SearchQuery search, Analyzer analyzer) {
        SimpleQueryParser parser =
                new SimpleQueryParser(analyzer, search.includeNotes() ? ALL_FIELDS : PUBLIC_FIELDS, SEARCH_SYNTAX);
        parser.setDefaultOperator(Occur.MUST);
        Query words = parser.parse(search.text().strip());
        Matcher number = TICKET_NUMBER.matcher(search.text().strip());
        if (number.matches()) {
            // "#10234" is how people quote tickets: the ticket itself wins over tickets mentioning it.
            Query byNumber = new BoostQuery(LongPoint.newExactQuery(NUMBER, Long.parseLong(number.group(1))), 100f);
            return hasPositiveClause(words)
                    ? new BooleanQuery.Builder()
                            .add(words, Occur.SHOULD)
                            .add(byNumber, Occur.SHOULD)
                            .build()
                    : byNumber;
        }
        if (!hasPositiveClause(words)) {
            throw new IllegalArgumentException(
                    "search text must contain at least one word to find (letters or digits, not only exclusions)");
        }
        return words;
    }

    /** Sort by a field with the number as the tie-breaker in the same direction. */
    static Sort sort(SortField field, boolean descending) {
        org.apache.lucene.search.SortField byNumber = longField(NUMBER, descending);
        return switch (field) {
            case NUMBER -> new Sort(byNumber);
            case CREATED -> new Sort(longField(CREATED_AT, descending), byNumber);
            case UPDATED -> new Sort(longField(UPDATED_AT, descending), byNumber);
            case PRIORITY -> new Sort(longField(PRIORITY_SORT, descending), byNumber);
            case STATUS -> new Sort(stringField(STATUS, descending), byNumber);
            case CUSTOMER -> new Sort(stringField(CUSTOMER_SORT, descending), byNumber);
            case SLA_DUE -> new Sort(lastWhenMissing(longField(SLA_DUE, descending)), byNumber);
        };
    }

    /** The value types of a cursor of this sort, in order. */
    static Class<?>[] cursorTypes(SortField field) {
        return switch (field) {
            case NUMBER -> new Class<?>[] {Long.class};
            case CREATED, UPDATED, PRIORITY, SLA_DUE -> new Class<?>[] {Long.class, Long.class};
            case STATUS, CUSTOMER -> new Class<?>[] {BytesRef.class, Long.class};
        };
    }

    /** Relevance, then the newest ticket first. */
    static Sort relevance() {
        return new Sort(org.apache.lucene.search.SortField.FIELD_SCORE, longField(NUMBER, true));
    }

    static Class<?>[] relevanceCursorTypes() {
        return new Class<?>[] {Float.class, Long.class};
    }

    private static org.apache.lucene.search.SortField longField(String field, boolean descending) {
        return new org.apache.lucene.search.SortField(field, org.apache.lucene.search.SortField.Type.LONG, descending);
    }

    /** Tickets without a value after every ticket with one, whatever the direction. */
    private static org.apache.lucene.search.SortField lastWhenMissing(org.apache.lucene.search.SortField field) {
        field.setMissingValue(field.getReverse() ? Long.MIN_VALUE : Long.MAX_VALUE);
        return field;
    }

    private static org.apache.lucene.search.SortField stringField(String field, boolean descending) {
        return new org.apache.lucene.search.SortField(
                field, org.apache.lucene.search.SortField.Type.STRING, descending);
    }

    private static void filter(BooleanQuery.Builder query, String field, Collection<String> anyOf) {
        if (!anyOf.isEmpty()) {
            query.add(anyOf(field, anyOf), Occur.FILTER);
        }
    }

    private static Query anyOf(String field, Collection<String> values) {
        if (values.size() == 1) {
            return new TermQuery(new Term(field, values.iterator().next()));
        }
        return new TermInSetQuery(field, values.stream().map(BytesRef::new).toList());
    }

    private static boolean hasPositiveClause(Query query) {
        // "-word" alone comes back as "everything but word": nothing a person searches for.
        if (query == null || query instanceof MatchNoDocsQuery || query instanceof MatchAllDocsQuery) {
            return false;
        }
        if (query instanceof BooleanQuery bool) {
            return bool.clauses().stream()
                    .anyMatch(clause -> clause.getOccur() != Occur.MUST_NOT && hasPositiveClause(clause.getQuery()));
        }
        return true;
    }
}
