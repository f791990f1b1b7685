package dev.helpstream.bench.load;

/**
 * What {@link TicketLoader#load} wrote.
 *
 * @param tickets how many ticket snapshots were written and acknowledged
 * @param ticketsPerSecond snapshots acknowledged per second, first send to flush
 */
public record LoadResult(int tickets, double ticketsPerSecond) {}
