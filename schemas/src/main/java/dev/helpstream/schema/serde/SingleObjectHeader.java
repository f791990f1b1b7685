package dev.helpstream.schema.serde;

import java.util.OptionalLong;

/**
 * The header of Avro's single-object encoding: the marker {@code C3 01} then the writer schema's
 * 64-bit CRC-64-AVRO fingerprint, little-endian.
 */
final class SingleObjectHeader {

    static final int LENGTH = 10;
    private static final byte MARKER_0 = (byte) 0xC3;
    private static final byte MARKER_1 = (byte) 0x01;

    private SingleObjectHeader() {}

    /** The fingerprint in {@code data}, if it starts with a single-object header. */
    static OptionalLong fingerprint(byte[] data) {
        if (data == null || data.length < LENGTH || data[0] != MARKER_0 || data[1] != MARKER_1) {
            return OptionalLong.empty();
        }
        long value = 0;
        for (int i = LENGTH - 1; i >= 2; i--) {
            value = (value << 8) | (data[i] & 0xFF);
        }
        return OptionalLong.of(value);
    }

    static String hex(long fingerprint) {
        return String.format("%016x", fingerprint);
    }
}
