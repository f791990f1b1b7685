package dev.helpstream.gateway.whatif;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the SLA what-if ({@link WhatIfController}): it reads ticket history from the event log
 * for each request, so a request must stay bounded in time, memory and CPU, and so must the
 * requests together.
 *
 * @param maxDays the longest period, in days, both ends included
 * @param maxEvents the most ticket events of the period one what-if reads; more is refused (422)
 * @param maxTickets the most tickets one what-if replays (each holds two clock states in memory,
 *     some kilobytes); a period opening more is refused (422)
 * @param maxConcurrent how many what-ifs this gateway runs at once; another one is refused (429)
 * @param readTimeout how long reading the history may take before the request fails (503)
 */
@ConfigurationProperties("helpstream.what-if")
@Validated
record WhatIfProperties(
        @Min(1) @Max(366) @DefaultValue("92") int maxDays,
        @Min(1) @Max(100_000_000) @DefaultValue("1000000") long maxEvents,
        @Min(1) @Max(10_000_000) @DefaultValue("200000") int maxTickets,
        @Min(1) @Max(16) @DefaultValue("1") int maxConcurrent,
        @NotNull @DefaultValue("60s") Duration readTimeout) {

    @AssertTrue(message = "must be between 1s and 10m") boolean isReadTimeoutInRange() {
        return readTimeout == null
                || (readTimeout.compareTo(Duration.ofSeconds(1)) >= 0
                        && readTimeout.compareTo(Duration.ofMinutes(10)) <= 0);
    }
}
