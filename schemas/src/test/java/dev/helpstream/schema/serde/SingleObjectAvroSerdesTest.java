package dev.helpstream.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.helpstream.schema.RandomRecords;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class SingleObjectAvroSerdesTest {

    static final List<Class<? extends SpecificRecord>> TOP_LEVEL = RandomRecords.TOP_LEVEL;

    @ParameterizedTest
    @FieldSource("TOP_LEVEL")
    void shouldWriteTheSingleObjectHeaderAndReadTheSameRecordBack(Class<? extends SpecificRecord> type) {
        assertRoundTrip(type);
    }

    private static <T extends SpecificRecord> void assertRoundTrip(Class<T> type) {
        Serde<T> serde = SingleObjectAvroSerdes.instance().serde(type);
        long fingerprint = SchemaNormalization.parsingFingerprint64(RandomRecords.schemaOf(type));
        for (T record : RandomRecords.of(type, 50, 42)) {
            byte[] bytes = serde.serializer().serialize("t", record);

            assertThat(Arrays.copyOf(bytes, 2)).containsExactly(0xC3, 0x01);
            assertThat(SingleObjectHeader.fingerprint(bytes)).hasValue(fingerprint);
            T decoded = serde.deserializer().deserialize("t", bytes);
            assertThat(RandomRecords.binary(decoded)).isEqualTo(RandomRecords.binary(record));
        }
    }

    @Test
    void shouldCarryEveryKindOfTicketEventThroughTheSerde() {
        Serde<TicketEvent> serde = SingleObjectAvroSerdes.instance().serde(TicketEvent.class);
        Set<String> expected = payloadBranches(RandomRecords.schemaOf(TicketEvent.class));

        Set<String> seen = RandomRecords.of(TicketEvent.class, 400, 7).stream()
                .map(event ->
                        serde.deserializer().deserialize("t", serde.serializer().serialize("t", event)))
                .map(event -> event.getPayload().getClass().getName())
                .collect(Collectors.toSet());

        assertThat(seen).isEqualTo(expected);
    }

    @ParameterizedTest
    @FieldSource("TOP_LEVEL")
    void shouldReadRecordsOfAnOlderWriterThatLackedEveryFieldWithADefault(Class<? extends SpecificRecord> type)
            throws IOException {
        Schema current = RandomRecords.schemaOf(type);
        Schema older = withoutDefaultedFields(current);
        assertThat(older.getFields())
                .hasSizeLessThanOrEqualTo(current.getFields().size());
        Serde<? extends SpecificRecord> serde = SingleObjectAvroSerdes.create(type, List.of(older));

        for (GenericData.Record written : RandomRecords.generic(older, 20, 3)) {
            byte[] bytes = singleObject(older, written);
            SpecificRecord decoded = serde.deserializer().deserialize("t", bytes);

            GenericData.Record expected = RandomRecords.resolve(older, current, RandomRecords.binary(older, written));
            assertThat(RandomRecords.binary(decoded)).isEqualTo(RandomRecords.binary(current, expected));
        }
    }

    @Test
    void shouldFillTheDefaultsOfFieldsTheOlderWriterDidNotHave() throws IOException {
        Schema current = RandomRecords.schemaOf(Ticket.class);
        Schema older = withoutDefaultedFields(current);
        GenericData.Record written = RandomRecords.generic(older, 1, 11).get(0);

        Ticket ticket = SingleObjectAvroSerdes.create(Ticket.class, List.of(older))
                .deserializer()
                .deserialize("tickets.state.v1", singleObject(older, written));

        assertThat(ticket.getTicketId()).isEqualTo(written.get("ticketId").toString());
        assertThat(ticket.getAssigneeId()).isNull();
        assertThat(ticket.getTags()).isEmpty();
    }

    @Test
    void shouldNameTopicAndFingerprintWhenTheWriterSchemaIsUnknown() throws IOException {
        Schema older = withoutDefaultedFields(RandomRecords.schemaOf(Ticket.class));
        byte[] bytes = singleObject(older, RandomRecords.generic(older, 1, 5).get(0));
        String fingerprint = String.format("%016x", SchemaNormalization.parsingFingerprint64(older));

        assertThatThrownBy(() -> SingleObjectAvroSerdes.instance()
                        .serde(Ticket.class)
                        .deserializer()
                        .deserialize("tickets.state.v1", bytes))
                .isInstanceOfSatisfying(AvroDecodingException.class, e -> {
                    assertThat(e.topic()).isEqualTo("tickets.state.v1");
                    assertThat(e.fingerprintHex()).isEqualTo(fingerprint);
                    assertThat(e.expectedType()).isEqualTo("dev.helpstream.schema.Ticket");
                })
                .hasMessage(
                        "Cannot decode dev.helpstream.schema.Ticket from topic 'tickets.state.v1' (schema fingerprint "
                                + fingerprint
                                + "): unknown writer schema (not a released version of dev.helpstream.schema.Ticket)");
    }

    @Test
    void shouldSurviveJavaSerializationAsErrorHandlingDeserializersCarryIt() throws Exception {
        Schema older = withoutDefaultedFields(RandomRecords.schemaOf(Ticket.class));
        byte[] bytes = singleObject(older, RandomRecords.generic(older, 1, 5).get(0));
        AvroDecodingException thrown = catchThrowableOfType(
                AvroDecodingException.class,
                () -> SingleObjectAvroSerdes.instance()
                        .serde(Ticket.class)
                        .deserializer()
                        .deserialize("tickets.state.v1", bytes));

        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream objects = new java.io.ObjectOutputStream(out)) {
            objects.writeObject(thrown);
        }
        try (java.io.ObjectInputStream objects =
                new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(out.toByteArray()))) {
            AvroDecodingException copy = (AvroDecodingException) objects.readObject();
            assertThat(copy.getMessage()).isEqualTo(thrown.getMessage());
            assertThat(copy.fingerprint()).isEqualTo(thrown.fingerprint());
            assertThat(copy.fingerprintHex()).isEqualTo(thrown.fingerprintHex());
        }
    }

    @Test
    void shouldRejectBytesWithoutTheSingleObjectHeader() {
        byte[] plainJson = "{\"ticketId\":\"1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThatThrownBy(() -> SingleObjectAvroSerdes.instance()
                        .serde(Ticket.class)
                        .deserializer()
                        .deserialize("tickets.state.v1", plainJson))
                .isInstanceOf(AvroDecodingException.class)
                .hasMessage(
                        "Cannot decode dev.helpstream.schema.Ticket from topic 'tickets.state.v1' (schema fingerprint"
                                + " none): not Avro single-object encoded (bad header)");
    }

    @Test
    void shouldReportACorruptBodyUnderAKnownFingerprint() {
        Serde<Ticket> serde = SingleObjectAvroSerdes.instance().serde(Ticket.class);
        byte[] valid = serde.serializer().serialize("t", RandomRecords.one(Ticket.class, 9));
        byte[] truncated = Arrays.copyOf(valid, 14);
        String fingerprint =
                String.format("%016x", SchemaNormalization.parsingFingerprint64(RandomRecords.schemaOf(Ticket.class)));

        assertThatThrownBy(() -> serde.deserializer().deserialize("tickets.state.v1", truncated))
                .isInstanceOfSatisfying(
                        AvroDecodingException.class,
                        e -> assertThat(e.fingerprintHex()).isEqualTo(fingerprint))
                .hasMessageStartingWith(
                        "Cannot decode dev.helpstream.schema.Ticket from topic 'tickets.state.v1' (schema"
                                + " fingerprint " + fingerprint + "): corrupt record body (");
    }

    @Test
    void shouldPassTombstonesThrough() {
        Serde<Ticket> serde = SingleObjectAvroSerdes.instance().serde(Ticket.class);

        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void shouldHandOutOneSerdePerType() {
        assertThat(SingleObjectAvroSerdes.instance().serde(Ticket.class))
                .isSameAs(SingleObjectAvroSerdes.instance().serde(Ticket.class));
    }

    /** The schema an older writer had if every field that now has a default was added later. */
    static Schema withoutDefaultedFields(Schema current) {
        List<Schema.Field> kept = current.getFields().stream()
                .filter(field -> !field.hasDefaultValue())
                .map(field -> new Schema.Field(field, field.schema()))
                .toList();
        return Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, kept);
    }

    private static byte[] singleObject(Schema writer, GenericData.Record record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new BinaryMessageEncoder<GenericData.Record>(GenericData.get(), writer).encode(record, out);
        return out.toByteArray();
    }

    private static Set<String> payloadBranches(Schema envelope) {
        return envelope.getField("payload").schema().getTypes().stream()
                .map(Schema::getFullName)
                .collect(Collectors.toSet());
    }
}
