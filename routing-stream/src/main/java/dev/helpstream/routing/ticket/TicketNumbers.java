package dev.helpstream.routing.ticket;

/**
 * Human-readable ticket numbers, unique across partitions without a single writer: partition
 * {@code p} of {@code n} hands out {@code base + counter * n + p} with its own counter, so two
 * partitions can never produce the same number. Numbers stay unique as long as the partition count
 * of the ticket topics does not change (the catalogue keeps it fixed).
 */
public final class TicketNumbers {

    /** The first numbers are five digits, like a helpdesk that has been running for a while. */
    public static final long DEFAULT_BASE = 10_000;

    private TicketNumbers() {}

    /** The number for the {@code counter}-th ticket (from 0) opened by {@code partition}. */
    public static long number(long base, long counter, int partition, int partitions) {
        if (partition < 0 || partition >= partitions) {
            throw new IllegalArgumentException("partition " + partition + " is not in 0.." + (partitions - 1));
        }
        return base + counter * partitions + partition;
    }
}
