package dev.helpstream.ingest.mail;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * An upper bound of the size of an Avro record in the binary encoding, from its values alone: no
 * encoding, so that a mail's record is serialized once (by the producer), not also to be measured.
 *
 * <p>How: a string counts its length prefix plus three bytes per UTF-16 unit (the most UTF-8 needs
 * for one: a surrogate pair takes four bytes for two units); numbers, booleans, enum indexes and
 * union branch indexes count the longest varint; arrays and maps count their block counts and
 * each entry; a field counts a union index on top of its value whether or not its schema has one.
 * Invariant: never below the encoded size (plus {@link #HEADER_BYTES} for the single-object
 * header); a value of a type it does not know gives {@link Long#MAX_VALUE}, i.e. "measure it".
 */
final class RecordSizeBound {

    /** The single-object encoding's marker and schema fingerprint. */
    static final int HEADER_BYTES = 10;

    private static final int VARINT = 10;

    private RecordSizeBound() {}

    /** At least the encoded size of {@code record} with its single-object header. */
    static long of(IndexedRecord record) {
        return HEADER_BYTES + value(record);
    }

    private static long value(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof CharSequence text) {
            return VARINT + 3L * text.length();
        }
        if (value instanceof IndexedRecord record) {
            long size = 0;
            int fields = record.getSchema().getFields().size();
            for (int i = 0; i < fields && size < Long.MAX_VALUE; i++) {
                size = add(size, add(VARINT, value(record.get(i))));
            }
            return size;
        }
        if (value instanceof Number
                || value instanceof Boolean
                || value instanceof Instant
                || value instanceof LocalDate
                || value instanceof Enum<?>
                || value instanceof GenericEnumSymbol<?>) {
            return VARINT;
        }
        if (value instanceof Collection<?> items) {
            long size = 2L * VARINT;
            for (Object item : items) {
                size = add(size, value(item));
            }
            return size;
        }
        if (value instanceof Map<?, ?> entries) {
            long size = 2L * VARINT;
            for (Map.Entry<?, ?> entry : entries.entrySet()) {
                size = add(size, add(value(entry.getKey()), value(entry.getValue())));
            }
            return size;
        }
        if (value instanceof ByteBuffer bytes) {
            return VARINT + bytes.remaining();
        }
        if (value instanceof GenericFixed fixed) {
            return fixed.bytes().length;
        }
        return Long.MAX_VALUE;
    }

    private static long add(long a, long b) {
        long sum = a + b;
        return sum < 0 || a == Long.MAX_VALUE || b == Long.MAX_VALUE ? Long.MAX_VALUE : sum;
    }
}
