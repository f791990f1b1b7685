package dev.helpstream.gateway.command;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway sends commands to routing-stream and waits for their outcome.
 *
 * @param resultTimeout how long a request waits for the command result (and then for the views to
 *     show the new version) before it answers 504 with the correlation id
 */
@ConfigurationProperties("helpstream.commands")
@Validated
record CommandProperties(@NotNull @DefaultValue("15s") Duration resultTimeout) {}
