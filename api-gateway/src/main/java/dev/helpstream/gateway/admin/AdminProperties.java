package dev.helpstream.gateway.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the admin API.
 *
 * @param allowLoopbackWebhooks accept webhook URLs over plain {@code http} when the host is the
 *     loopback interface ({@code localhost}, {@code 127.0.0.0/8}, {@code [::1]}): for the demo and
 *     tests with a local receiver; off by default, when every webhook must use {@code https}
 */
@ConfigurationProperties("helpstream.admin")
@Validated
record AdminProperties(@DefaultValue("false") boolean allowLoopbackWebhooks) {}
