package dev.helpstream.notifier.delivery;

import java.time.Duration;
import java.util.Optional;

/**
 * One failed delivery attempt and what to do about it: retry (transient, possibly after the
 * server's {@code Retry-After}) or not (permanent: retrying cannot help, the delivery is
 * dead-lettered at once). One class for every outcome on purpose: the error handler restarts its
 * retry state when the exception class changes, so a 500 followed by a 429 must not look new.
 */
final class DeliveryFailure extends RuntimeException {

    private final boolean permanent;
    private final Integer httpStatus;
    private final Duration retryAfter;

    private DeliveryFailure(
            String reason, boolean permanent, Integer httpStatus, Duration retryAfter, Throwable cause) {
        super(reason, cause);
        this.permanent = permanent;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    /** A failure worth retrying: the server or the network may recover. */
    static DeliveryFailure transientFailure(String reason, Throwable cause) {
        return new DeliveryFailure(reason, false, null, null, cause);
    }

    /** A failure retrying cannot fix. */
    static DeliveryFailure permanentFailure(String reason, Throwable cause) {
        return new DeliveryFailure(reason, true, null, null, cause);
    }

    /** An HTTP answer that is not a success. */
    static DeliveryFailure http(String reason, int status, boolean permanent, Duration retryAfter) {
        return new DeliveryFailure(reason, permanent, status, retryAfter, null);
    }

    boolean permanent() {
        return permanent;
    }

    /** The HTTP status of the answer, when there was one. */
    Optional<Integer> httpStatus() {
        return Optional.ofNullable(httpStatus);
    }

    /** How long the server asked us to wait before trying again. */
    Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The failure, when {@code error} or one of its causes is one. */
    static Optional<DeliveryFailure> in(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof DeliveryFailure failure) {
                return Optional.of(failure);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }
}
