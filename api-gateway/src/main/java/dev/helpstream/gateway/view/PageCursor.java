package dev.helpstream.gateway.view;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.apache.lucene.util.BytesRef;

/**
 * The opaque cursor of a page: the sort values of its last ticket, so the next page starts right
 * after it ({@code searchAfter}). It names the ordering it was made for; a cursor presented with
 * another ordering, or one that does not decode, is refused as malformed rather than silently
 * restarting the listing.
 *
 * <p>Layout (then URL-safe base64 without padding): format byte, ordering byte, direction byte,
 * value count, then per value a type tag and the value.
 */
final class PageCursor {

    /** The ordering of relevance-ranked search results (the others are {@link SortField} ordinals). */
    static final int RELEVANCE = 100;

    private static final byte FORMAT = 1;
    private static final byte LONG = 'L';
    private static final byte FLOAT = 'F';
    private static final byte BYTES = 'B';
    private static final int MAX_BYTES = 4096;
    private static final String MALFORMED = "malformed cursor";

    private PageCursor() {}

    /**
     * @param ordering a {@link SortField} ordinal or {@link #RELEVANCE}
     * @param values the sort values of the page's last hit: {@link Long}, {@link Float} or {@link
     *     BytesRef}
     */
    static String encode(int ordering, boolean descending, Object[] values) {
        int size = 4;
        for (Object value : values) {
            size += 1 + length(value);
        }
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.BIG_ENDIAN);
        out.put(FORMAT).put((byte) ordering).put((byte) (descending ? 1 : 0)).put((byte) values.length);
        for (Object value : values) {
            if (value instanceof Long number) {
                out.put(LONG).putLong(number);
            } else if (value instanceof Float score) {
                out.put(FLOAT).putFloat(score);
            } else if (value instanceof BytesRef bytes) {
                out.put(BYTES).putShort((short) bytes.length).put(bytes.bytes, bytes.offset, bytes.length);
            } else {
                throw new IllegalStateException("cannot put a " + value + " into a cursor");
            }
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.array());
    }

    /**
     * The sort values of a cursor made for this ordering, of these types.
     *
     * @throws IllegalArgumentException "malformed cursor" when it does not decode or does not match
     */
    static Object[] decode(String cursor, int ordering, boolean descending, Class<?>[] types) {
        try {
            ByteBuffer in = ByteBuffer.wrap(Base64.getUrlDecoder().decode(cursor));
            if (in.get() != FORMAT
                    || in.get() != (byte) ordering
                    || in.get() != (descending ? 1 : 0)
                    || in.get() != types.length) {
                throw malformed();
            }
            Object[] values = new Object[types.length];
            for (int i = 0; i < types.length; i++) {
                values[i] = read(in, types[i]);
            }
            if (in.hasRemaining()) {
                throw malformed();
            }
            return values;
        } catch (IllegalArgumentException | BufferUnderflowException e) {
            // Base64 errors are IllegalArgumentExceptions too, with a message that helps nobody.
            throw malformed();
        }
    }

    private static Object read(ByteBuffer in, Class<?> type) {
        byte tag = in.get();
        if (type == Long.class && tag == LONG) {
            return in.getLong();
        }
        if (type == Float.class && tag == FLOAT) {
            float score = in.getFloat();
            if (Float.isNaN(score)) {
                throw malformed();
            }
            return score;
        }
        if (type == BytesRef.class && tag == BYTES) {
            int length = Short.toUnsignedInt(in.getShort());
            if (length > MAX_BYTES) {
                throw malformed();
            }
            byte[] bytes = new byte[length];
            in.get(bytes);
            return new BytesRef(bytes);
        }
        throw malformed();
    }

    private static int length(Object value) {
        if (value instanceof Long) {
            return Long.BYTES;
        }
        if (value instanceof Float) {
            return Float.BYTES;
        }
        if (value instanceof BytesRef bytes) {
            if (bytes.length > MAX_BYTES) {
                throw new IllegalStateException("sort value too long for a cursor: " + bytes.length);
            }
            return Short.BYTES + bytes.length;
        }
        throw new IllegalStateException("cannot put a " + value + " into a cursor");
    }

    private static IllegalArgumentException malformed() {
        return new IllegalArgumentException(MALFORMED);
    }
}
