package dev.helpstream.sla.whatif;

/**
 * How an SLA target ended in a replay, from the least to the most telling: a ticket's outcome for
 * a metric is the highest among its targets of that metric (one breached next response makes it
 * {@link #BREACHED}, however many were met).
 */
public enum Outcome {
    /** No target counted: none ran, or every one was cleared (closed before it was due, no policy). */
    NONE,
    /** Met before its due time. */
    MET,
    /** Neither met nor breached at the end of the period: not counted in compliance. */
    RUNNING,
    /** Its due time passed before it was met (met late, or never met). */
    BREACHED
}
