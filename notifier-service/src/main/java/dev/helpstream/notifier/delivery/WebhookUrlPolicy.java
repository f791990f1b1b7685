package dev.helpstream.notifier.delivery;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which URLs a webhook may call: https only, and never this machine (loopback), unless loopback is
 * allowed by configuration, and then plain http to a loopback address is allowed too (the demo and
 * the tests). The gateway checks the same rule when an admin saves a webhook; the deliverer checks
 * it again because the URL it gets comes from a topic.
 *
 * <p>Host names are judged by their text ({@code localhost} and {@code *.localhost}) and literal
 * addresses by their value, without resolving names: a check that resolves would answer for one
 * moment while the call resolves again later.
 */
final class WebhookUrlPolicy {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final boolean allowLoopback;

    WebhookUrlPolicy(boolean allowLoopback) {
        this.allowLoopback = allowLoopback;
    }

    /**
     * The URL to call.
     *
     * @throws DeliveryFailure permanent, naming the rule the URL breaks
     */
    URI check(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw refused(url, "is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw refused(url, "must be an https URL");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw refused(url, "has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw refused(url, "must not carry credentials");
        }
        boolean loopback = isLoopback(host);
        if (loopback && !allowLoopback) {
            throw refused(
                    url,
                    "calls this machine (loopback), which is allowed only with"
                            + " helpstream.delivery.allow-loopback-webhooks=true");
        }
        if (scheme.equals("http") && !loopback) {
            throw refused(url, "must be an https URL");
        }
        return uri;
    }

    static boolean isLoopback(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return true;
        }
        if (IPV4.matcher(name).matches() || name.contains(":")) {
            try {
                // A literal address: parsed, never looked up.
                InetAddress address = InetAddress.getByName(name);
                return address.isLoopbackAddress() || address.isAnyLocalAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    private static DeliveryFailure refused(String url, String rule) {
        return DeliveryFailure.permanentFailure("webhook URL '" + url + "' " + rule, null);
    }
}
