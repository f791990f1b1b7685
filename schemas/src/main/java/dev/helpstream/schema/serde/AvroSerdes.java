package dev.helpstream.schema.serde;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Where Helpstream gets the Kafka serde of an Avro record type.
 *
 * <p>Every topic in the catalogue takes its value serde from one implementation of this interface,
 * so a registry-backed format can replace {@link SingleObjectAvroSerdes} without touching any
 * producer, consumer or topology.
 */
public interface AvroSerdes {

    /** The serde for values of {@code type}; it reads every released version of the type's schema. */
    <T extends SpecificRecord> Serde<T> serde(Class<T> type);
}
