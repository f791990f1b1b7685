package dev.helpstream.bench.ceiling;

/**
 * The raw Kafka ceiling of one machine, as {@link KafkaCeiling} measured it.
 *
 * @param records how many records each phase moved (exactly; the measurement fails otherwise)
 * @param recordBytes the size of each record's value, in bytes (keys not counted)
 * @param producerRecordsPerSecond records acknowledged per second by one idempotent producer with
 *     {@code acks=all}, first send to flush
 * @param producerMegabytesPerSecond the same in megabytes (10^6 bytes) of record values per second
 * @param eosPassThroughRecordsPerSecond records per second through an {@code exactly_once_v2}
 *     Kafka Streams pass-through, from its start to the last record visible to a {@code
 *     read_committed} consumer
 */
public record CeilingResult(
        long records,
        int recordBytes,
        double producerRecordsPerSecond,
        double producerMegabytesPerSecond,
        double eosPassThroughRecordsPerSecond) {}
