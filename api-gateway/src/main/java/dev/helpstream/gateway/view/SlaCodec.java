package dev.helpstream.gateway.view;

import dev.helpstream.gateway.sla.SlaSummary;
import dev.helpstream.gateway.sla.SlaSummary.Target;
import dev.helpstream.schema.SlaMetric;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.util.BytesRef;

/**
 * An {@link SlaSummary} as bytes in the ticket document: Lucene replaces whole documents, so the
 * summary travels with the ticket and is read back when the next change rewrites it. The index is
 * rebuilt from the topics at each start, so the layout only has to match within one build; a
 * leading format byte still makes a mismatch fail loudly. Metrics are written by name, so a metric
 * this build does not know reads as {@link SlaMetric#UNKNOWN}.
 */
final class SlaCodec {

    private static final byte FORMAT = 3;

    private SlaCodec() {}

    static BytesRef encode(SlaSummary summary) {
        ByteArrayOutputStream bytes =
                new ByteArrayOutputStream(64 + 96 * summary.targets().size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            writeString(out, summary.policyId());
            writeLong(out, summary.policyRevision());
            writeInstant(out, summary.pausedAt());
            out.writeShort(summary.targets().size());
            for (Target target : summary.targets()) {
                out.writeUTF(target.metric().name());
                writeInstant(out, target.dueAt());
                writeInstant(out, target.warnAt());
                writeInstant(out, target.warnedAt());
                writeInstant(out, target.breachedAt());
                writeInstant(out, target.metAt());
                writeInstant(out, target.pausedAt());
                writeLong(out, target.pausedRemainingMillis());
                writeLong(out, target.metRemainingMillis());
                out.writeBoolean(target.metLate());
                writeInstant(out, target.clearedAt());
                writeString(out, target.targetStatusId());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BytesRef(bytes.toByteArray());
    }

    static SlaSummary decode(BytesRef bytes) {
        try (DataInputStream in =
                new DataInputStream(new ByteArrayInputStream(bytes.bytes, bytes.offset, bytes.length))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException("SLA summary of unknown format " + format);
            }
            String policyId = readString(in);
            Long revision = readLong(in);
            Instant pausedAt = readInstant(in);
            int count = in.readUnsignedShort();
            List<Target> targets = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                targets.add(new Target(
                        metric(in.readUTF()),
                        readInstant(in),
                        readInstant(in),
                        readInstant(in),
                        readInstant(in),
                        readInstant(in),
                        readInstant(in),
                        readLong(in),
                        readLong(in),
                        in.readBoolean(),
                        readInstant(in),
                        readString(in)));
            }
            return new SlaSummary(policyId, revision, pausedAt, targets);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SlaMetric metric(String name) {
        try {
            return SlaMetric.valueOf(name);
        } catch (IllegalArgumentException e) {
            return SlaMetric.UNKNOWN;
        }
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readString(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void writeLong(DataOutputStream out, Long value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(value);
        }
    }

    private static Long readLong(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readLong() : null;
    }

    private static void writeInstant(DataOutputStream out, Instant value) throws IOException {
        writeLong(out, value == null ? null : value.toEpochMilli());
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        Long millis = readLong(in);
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
