package dev.helpstream.gateway.view;

/**
 * What a view is sorted by; ties are always broken by the ticket number in the same direction, so
 * paging is stable.
 */
public enum SortField {
    /** The ticket number. */
    NUMBER,
    /** When the ticket was opened. */
    CREATED,
    /** When the last event happened. */
    UPDATED,
    /** The status id, as a string. */
    STATUS,
    /** Important tickets first, then by the configured priority rank (descending puts them first). */
    PRIORITY,
    /** The customer's display name, or email when there is none, case-insensitive. */
    CUSTOMER,
    /**
     * The earliest due instant of an SLA target whose clock runs and is not met (breached ones
     * included); tickets without one come last in either direction.
     */
    SLA_DUE
}
