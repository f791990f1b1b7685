package dev.helpstream.schema;

import dev.helpstream.schema.internal.DirectoryEntry;
import dev.helpstream.schema.internal.IntakeRequest;
import dev.helpstream.schema.internal.ReportTicket;
import dev.helpstream.schema.internal.SlaClockState;
import dev.helpstream.schema.internal.TicketAggregate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.RandomData;

/**
 * Records filled with random values by Avro's {@link RandomData}, reproducible by seed: every
 * field, every union branch and every enum symbol gets exercised without hand-written fixtures.
 */
public final class RandomRecords {

    /** The record types that travel on Helpstream's topics or live in its state stores. */
    public static final List<Class<? extends SpecificRecord>> TOP_LEVEL = List.of(
            InboundMessage.class,
            TicketCommand.class,
            TicketEvent.class,
            Ticket.class,
            CommandResult.class,
            SlaEvent.class,
            ConfigEntity.class,
            DeadLetter.class,
            PortalAccessLink.class,
            PresenceBeat.class,
            IntakeRequest.class,
            DirectoryEntry.class,
            TicketAggregate.class,
            EmailDelivery.class,
            WebhookDelivery.class,
            DeliveryRecord.class,
            WebhookTestRequest.class,
            ReportDay.class,
            ReportTicket.class,
            SlaClockState.class);

    private RandomRecords() {}

    /** {@code count} random generic records of {@code schema}. */
    public static List<GenericData.Record> generic(Schema schema, int count, long seed) {
        List<GenericData.Record> records = new ArrayList<>(count);
        for (Object datum : new RandomData(schema, count, seed)) {
            records.add((GenericData.Record) datum);
        }
        return records;
    }

    /** {@code count} random records of a generated class. */
    public static <T extends SpecificRecord> List<T> of(Class<T> type, int count, long seed) {
        Schema schema = schemaOf(type);
        List<T> records = new ArrayList<>(count);
        for (GenericData.Record record : generic(schema, count, seed)) {
            records.add(toSpecific(type, schema, binary(schema, record)));
        }
        return records;
    }

    /** One random record of a generated class. */
    public static <T extends SpecificRecord> T one(Class<T> type, long seed) {
        return of(type, 1, seed).get(0);
    }

    public static Schema schemaOf(Class<? extends SpecificRecord> type) {
        return SpecificData.getForClass(type).getSchema(type);
    }

    /** Avro binary of a generic record (no single-object header). */
    public static byte[] binary(Schema schema, Object record) {
        return write(new GenericDatumWriter<>(schema), record);
    }

    /** Avro binary of a specific record with the current schema of its class. */
    public static byte[] binary(SpecificRecord record) {
        Schema schema = record.getSchema();
        return write(new SpecificDatumWriter<>(schema, SpecificData.getForSchema(schema)), record);
    }

    /** Reads binary written with {@code writer} as a generic record of {@code reader} (schema resolution). */
    public static GenericData.Record resolve(Schema writer, Schema reader, byte[] binary) {
        try {
            return new GenericDatumReader<GenericData.Record>(writer, reader)
                    .read(null, DecoderFactory.get().binaryDecoder(binary, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T toSpecific(Class<T> type, Schema schema, byte[] binary) {
        try {
            SpecificDatumReader<T> reader =
                    new SpecificDatumReader<>(schema, schema, SpecificData.getForSchema(schema));
            return type.cast(reader.read(null, DecoderFactory.get().binaryDecoder(binary, null)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <D> byte[] write(org.apache.avro.io.DatumWriter<D> writer, D datum) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            writer.write(datum, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
