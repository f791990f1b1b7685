package dev.helpstream.notifier.delivery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which URLs a webhook may call, checked before every attempt: https only, to public addresses
 * only. The URL comes from a topic, so the deliverer checks it whatever the gateway accepted.
 *
 * <p>The host is resolved and every address it resolves to must be public: loopback, the
 * unspecified address and {@code 0.0.0.0/8}, link-local ({@code 169.254.0.0/16}, where cloud
 * metadata lives, and {@code fe80::/10}), private ({@code 10/8}, {@code 172.16/12}, {@code
 * 192.168/16}, {@code fec0::/10}), carrier-grade NAT ({@code 100.64/10}), unique local ({@code
 * fc00::/7}), multicast and reserved addresses are refused, as are IPv6 forms that embed such an
 * IPv4 address (IPv4-compatible or -mapped, NAT64 {@code 64:ff9b::/96}, 6to4 {@code
 * 2002::/16}). Resolving catches the names that hide them ({@code 2130706433} and {@code 0} are
 * 127.0.0.1 and 0.0.0.0 to the JDK; {@code *.nip.io}-style names point anywhere). With {@code
 * allow-loopback-webhooks} (the demo and the tests) loopback addresses are allowed, and plain http
 * to them; tunnelled forms of loopback and {@code 0.0.0.0} never are.
 *
 * <p>What is left: the JDK's HTTP client resolves the name again when it connects and cannot be
 * pinned to the address checked here, so a name whose DNS answer changes between the two lookups
 * (DNS rebinding with a very short TTL) can still reach a refused address for that one call; the
 * check runs again before every attempt, so each such call needs the race won again. Closing the
 * window fully needs a client that connects to the address it was given (or an egress proxy that
 * enforces the same rule).
 *
 * <p>Refusals name the URL only by {@link #redact(String) its scheme, host and port}: chat webhook
 * URLs carry their secret in the path.
 */
final class WebhookUrlPolicy {

    /** How a host name becomes addresses; the system resolver in production. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** An address block that is never called, and how a refusal names it. */
    private record Block(byte[] prefix, int bits, String what) {

        static Block of(String cidr, String what) {
            int slash = cidr.indexOf('/');
            try {
                byte[] prefix = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
                return new Block(prefix, Integer.parseInt(cidr.substring(slash + 1)), what + " (" + cidr + ")");
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(cidr, e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int whole = bits / 8;
            if (!Arrays.equals(address, 0, whole, prefix, 0, whole)) {
                return false;
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (prefix[whole] & mask);
        }
    }

    private static final String LOOPBACK = "a loopback address";

    private static final List<Block> REFUSED = List.of(
            Block.of("127.0.0.0/8", LOOPBACK),
            Block.of("0.0.0.0/8", "a 'this network' address"),
            Block.of("10.0.0.0/8", "a private address"),
            Block.of("172.16.0.0/12", "a private address"),
            Block.of("192.168.0.0/16", "a private address"),
            Block.of("100.64.0.0/10", "a carrier-grade NAT address"),
            Block.of("169.254.0.0/16", "a link-local address (cloud metadata included)"),
            Block.of("224.0.0.0/4", "a multicast address"),
            Block.of("240.0.0.0/4", "a reserved address"),
            Block.of("::1/128", LOOPBACK),
            Block.of("::/128", "the unspecified address"),
            Block.of("fe80::/10", "a link-local address"),
            Block.of("fec0::/10", "a site-local address"),
            Block.of("fc00::/7", "a unique local address"),
            Block.of("ff00::/8", "a multicast address"));

    private final boolean allowLoopback;
    private final Resolver resolver;

    WebhookUrlPolicy(boolean allowLoopback) {
        this(allowLoopback, InetAddress::getAllByName);
    }

    WebhookUrlPolicy(boolean allowLoopback, Resolver resolver) {
        this.allowLoopback = allowLoopback;
        this.resolver = resolver;
    }

    /**
     * The URL to call, once its host resolved to allowed addresses only.
     *
     * @throws DeliveryFailure permanent, naming the rule the URL breaks; transient when the host
     *     cannot be resolved (DNS may answer again)
     */
    URI check(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw DeliveryFailure.permanentFailure(
                    "the webhook URL is not a valid URL (not shown: it may carry a secret)", null);
        }
        String shown = redact(url);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw refused(shown, "must be an https URL");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw refused(shown, "has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw refused(shown, "must not carry credentials");
        }
        if (scheme.equals("http") && !allowLoopback) {
            throw refused(shown, "must be an https URL");
        }
        boolean allLoopback = true;
        for (InetAddress address : resolve(shown, host)) {
            Optional<String> refusal = refusal(address);
            if (refusal.isEmpty()) {
                allLoopback = false;
            } else if (!(allowLoopback && refusal.get().startsWith(LOOPBACK))) {
                String rule = refusal.get().startsWith(LOOPBACK)
                        ? ", which is allowed only with helpstream.delivery.allow-loopback-webhooks=true"
                        : "; webhooks call public addresses only";
                throw refused(shown, "resolves to " + address.getHostAddress() + ", " + refusal.get() + rule);
            }
        }
        if (scheme.equals("http") && !allLoopback) {
            throw refused(shown, "must be an https URL");
        }
        return uri;
    }

    private InetAddress[] resolve(String shown, String host) {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            InetAddress[] addresses = resolver.resolve(name);
            if (addresses == null || addresses.length == 0) {
                throw new UnknownHostException(name);
            }
            return addresses;
        } catch (UnknownHostException e) {
            throw DeliveryFailure.transientFailure(
                    "webhook URL '" + shown + "': the host " + name + " cannot be resolved", e);
        }
    }

    /** Why an address may not be called (loopback first), or empty when it is public. */
    static Optional<String> refusal(InetAddress address) {
        byte[] bytes = address.getAddress();
        Optional<String> own = blockOf(bytes);
        if (own.isPresent() || !(address instanceof Inet6Address)) {
            return own;
        }
        return embeddedIpv4(bytes).flatMap(v4 -> blockOf(v4).map(what -> "which embeds " + ipv4Text(v4) + ", " + what));
    }

    private static Optional<String> blockOf(byte[] address) {
        return REFUSED.stream()
                .filter(block -> block.contains(address))
                .map(Block::what)
                .findFirst();
    }

    /** The IPv4 address an IPv6 address carries: IPv4-compatible or -mapped, NAT64 or 6to4. */
    private static Optional<byte[]> embeddedIpv4(byte[] v6) {
        boolean compatible = true;
        for (int i = 0; i < 10; i++) {
            compatible &= v6[i] == 0;
        }
        boolean mapped = compatible && (v6[10] & 0xff) == 0xff && (v6[11] & 0xff) == 0xff;
        compatible &= v6[10] == 0 && v6[11] == 0;
        boolean nat64 =
                (v6[0] & 0xff) == 0x00 && (v6[1] & 0xff) == 0x64 && (v6[2] & 0xff) == 0xff && (v6[3] & 0xff) == 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = v6[i] == 0;
        }
        if (compatible || mapped || nat64) {
            return Optional.of(Arrays.copyOfRange(v6, 12, 16));
        }
        if ((v6[0] & 0xff) == 0x20 && (v6[1] & 0xff) == 0x02) {
            return Optional.of(Arrays.copyOfRange(v6, 2, 6));
        }
        return Optional.empty();
    }

    private static String ipv4Text(byte[] v4) {
        try {
            return Inet4Address.getByAddress(v4).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A webhook URL as it may be shown (logs, the delivery log, dead letters, errors): scheme, host
     * and port, then {@code /…} when anything followed. Slack, Discord and Teams put the webhook's
     * secret in the path, and a URL may carry credentials or a token in its query.
     */
    static String redact(String url) {
        if (url == null) {
            return "(no URL)";
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "(invalid URL)";
        }
        if (uri.getScheme() == null || uri.isOpaque()) {
            return "(invalid URL)";
        }
        StringBuilder shown = new StringBuilder(uri.getScheme()).append("://");
        if (uri.getHost() != null) {
            shown.append(uri.getHost());
        }
        if (uri.getPort() >= 0) {
            shown.append(':').append(uri.getPort());
        }
        boolean more = (uri.getRawPath() != null && !uri.getRawPath().isEmpty())
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null;
        return more ? shown.append("/…").toString() : shown.toString();
    }

    private static DeliveryFailure refused(String shown, String rule) {
        return DeliveryFailure.permanentFailure("webhook URL '" + shown + "' " + rule, null);
    }
}
