package dev.helpstream.bench.micro;

import dev.helpstream.schema.InboundMessage;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.topic.Topics;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the single-object Avro serdes on the records every API ticket passes through:
 * the {@link InboundMessage} on {@code tickets.inbound.v1}, the {@link TicketEvent} carrying
 * {@code TicketOpened} on {@code tickets.events.v1} and the {@link Ticket} snapshot on {@code
 * tickets.state.v1} (records from {@link HotPathRecords}).
 *
 * <p>How: each record type has its own state, so a benchmark sets up (and logs the bytes per
 * record of) only the record it measures; serialization and deserialization are measured
 * separately, through the serdes the topic catalogue hands every producer, consumer and topology.
 * Results are returned so that the JIT cannot drop the work.
 *
 * <p>Invariant: the serdes are the catalogue's, never a copy, so a change to the serde (or to a
 * schema) shows here. Run: {@code java -cp benchmarks/target/helpstream-benchmarks.jar
 * org.openjdk.jmh.Main AvroSerdeBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class AvroSerdeBenchmark {

    /** The inbound message of an API ticket with a body of about 1 KB. */
    @State(Scope.Thread)
    public static class Inbound {
        TopicCodec<InboundMessage> codec;

        @Setup
        public void setUp() {
            codec = TopicCodec.of(Topics.INBOUND, HotPathRecords.apiInbound());
        }
    }

    /** The TicketOpened event of that ticket. */
    @State(Scope.Thread)
    public static class Opened {
        TopicCodec<TicketEvent> codec;

        @Setup
        public void setUp() {
            codec = TopicCodec.of(Topics.EVENTS, HotPathRecords.ticketOpened());
        }
    }

    /** The snapshot of that ticket once opened. */
    @State(Scope.Thread)
    public static class Snapshot {
        TopicCodec<Ticket> codec;

        @Setup
        public void setUp() {
            codec = TopicCodec.of(Topics.STATE, HotPathRecords.snapshot());
        }
    }

    @Benchmark
    public byte[] serializeInboundMessage(Inbound state) {
        return state.codec.serialize();
    }

    @Benchmark
    public InboundMessage deserializeInboundMessage(Inbound state) {
        return state.codec.deserialize();
    }

    @Benchmark
    public byte[] serializeTicketOpenedEvent(Opened state) {
        return state.codec.serialize();
    }

    @Benchmark
    public TicketEvent deserializeTicketOpenedEvent(Opened state) {
        return state.codec.deserialize();
    }

    @Benchmark
    public byte[] serializeTicketSnapshot(Snapshot state) {
        return state.codec.serialize();
    }

    @Benchmark
    public Ticket deserializeTicketSnapshot(Snapshot state) {
        return state.codec.deserialize();
    }
}
