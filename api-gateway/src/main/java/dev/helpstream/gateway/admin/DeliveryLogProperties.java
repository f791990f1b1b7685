package dev.helpstream.gateway.admin;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How much of the notifier's delivery log the admin API keeps in memory ({@link DeliveryLog}).
 *
 * @param history how far back the log is read at start (the topic keeps 14 days)
 * @param perKey the most recent attempts kept per webhook and per ticket
 * @param maxTickets the most tickets whose email attempts are kept; those with the oldest last
 *     attempt are forgotten first
 */
@ConfigurationProperties("helpstream.admin.deliveries")
@Validated
record DeliveryLogProperties(
        @NotNull @DefaultValue("7d") Duration history,
        @Min(1) @Max(10_000) @DefaultValue("200") int perKey,
        @Min(1) @Max(10_000_000) @DefaultValue("20000") int maxTickets) {

    @AssertTrue(message = "must be between 1m and 14d") boolean isHistoryInRange() {
        return history == null
                || (history.compareTo(Duration.ofMinutes(1)) >= 0 && history.compareTo(Duration.ofDays(14)) <= 0);
    }
}
