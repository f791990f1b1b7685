package dev.helpstream.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookUrlPolicyTest {

    /** DNS as the tests need it; literal addresses and localhost resolve as the JDK resolves them. */
    private static final Map<String, List<String>> DNS = Map.ofEntries(
            Map.entry("hooks.example.com", List.of("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946")),
            Map.entry("rebind.localtest.me", List.of("127.0.0.1")),
            Map.entry("metadata.example.com", List.of("169.254.169.254")),
            Map.entry("intranet.example.com", List.of("10.20.30.40")),
            Map.entry("docker.example.com", List.of("172.17.0.1")),
            Map.entry("nas.example.com", List.of("192.168.1.10")),
            Map.entry("cgnat.example.com", List.of("100.64.0.1")),
            Map.entry("ula.example.com", List.of("fd12:3456::1")),
            Map.entry("v6-link.example.com", List.of("fe80::1")),
            Map.entry("multicast.example.com", List.of("224.0.0.251")),
            Map.entry("nat64.example.com", List.of("64:ff9b::a9fe:a9fe")),
            Map.entry("sixtofour.example.com", List.of("2002:a00:1::1")),
            Map.entry("half-private.example.com", List.of("93.184.216.34", "10.0.0.7")));

    private static final WebhookUrlPolicy.Resolver RESOLVER = host -> {
        List<String> addresses = DNS.get(host);
        if (addresses == null) {
            if (host.endsWith(".invalid")) {
                throw new UnknownHostException(host);
            }
            return InetAddress.getAllByName(host);
        }
        InetAddress[] resolved = new InetAddress[addresses.size()];
        for (int i = 0; i < resolved.length; i++) {
            resolved[i] = InetAddress.getByAddress(
                    host, InetAddress.getByName(addresses.get(i)).getAddress());
        }
        return resolved;
    };

    private static final String LOOPBACK_RULE =
            ", which is allowed only with helpstream.delivery.allow-loopback-webhooks=true";
    private static final String PUBLIC_RULE = "; webhooks call public addresses only";

    private final WebhookUrlPolicy strict = new WebhookUrlPolicy(false, RESOLVER);
    private final WebhookUrlPolicy demo = new WebhookUrlPolicy(true, RESOLVER);

    @Test
    void shouldAcceptHttpsUrlsOfPublicHosts() {
        assertThat(strict.check("https://hooks.example.com/services/T1/B2?x=1"))
                .isEqualTo(URI.create("https://hooks.example.com/services/T1/B2?x=1"));
        assertThat(strict.check("https://93.184.216.34:8443/in"))
                .isEqualTo(URI.create("https://93.184.216.34:8443/in"));
    }

    @Test
    void shouldRefusePlainHttpToAnyOtherHost() {
        assertPermanent(
                strict, "http://hooks.example.com/in", "webhook URL 'http://hooks.example.com/…' must be an https URL");
        assertPermanent(
                demo, "http://hooks.example.com/in", "webhook URL 'http://hooks.example.com/…' must be an https URL");
        assertPermanent(
                strict, "ftp://hooks.example.com/in", "webhook URL 'ftp://hooks.example.com/…' must be an https URL");
    }

    @Test
    void shouldRefuseEveryNameOrNumberThatReachesThisMachineUnlessLoopbackIsAllowed() {
        assertPermanent(
                strict,
                "https://localhost/in",
                "webhook URL 'https://localhost/…' resolves to 127.0.0.1, a loopback address (127.0.0.0/8)"
                        + LOOPBACK_RULE);
        assertPermanent(
                strict,
                "https://127.0.0.2:8443/in",
                "webhook URL 'https://127.0.0.2:8443/…' resolves to 127.0.0.2, a loopback address (127.0.0.0/8)"
                        + LOOPBACK_RULE);
        assertPermanent(
                strict,
                "https://[::1]/in",
                "webhook URL 'https://[::1]/…' resolves to 0:0:0:0:0:0:0:1, a loopback address (::1/128)"
                        + LOOPBACK_RULE);
        assertPermanent(
                strict,
                "https://2130706433/",
                "webhook URL 'https://2130706433/…' resolves to 127.0.0.1, a loopback address (127.0.0.0/8)"
                        + LOOPBACK_RULE);
        assertPermanent(
                strict,
                "https://rebind.localtest.me/in",
                "webhook URL 'https://rebind.localtest.me/…' resolves to 127.0.0.1, a loopback address (127.0.0.0/8)"
                        + LOOPBACK_RULE);
        assertPermanent(
                strict, "http://127.0.0.1:8089/hook", "webhook URL 'http://127.0.0.1:8089/…' must be an https URL");

        assertThat(demo.check("http://127.0.0.1:8089/hook")).isEqualTo(URI.create("http://127.0.0.1:8089/hook"));
        assertThat(demo.check("https://localhost/hook")).isEqualTo(URI.create("https://localhost/hook"));
        assertThat(demo.check("https://2130706433/")).isEqualTo(URI.create("https://2130706433/"));
    }

    @Test
    void shouldRefuseTheAnyLocalAddressEvenWhenLoopbackIsAllowed() {
        for (WebhookUrlPolicy policy : List.of(strict, demo)) {
            assertPermanent(
                    policy,
                    "https://0/",
                    "webhook URL 'https://0/…' resolves to 0.0.0.0, a 'this network' address (0.0.0.0/8)"
                            + PUBLIC_RULE);
            assertPermanent(
                    policy,
                    "https://0.0.0.0/in",
                    "webhook URL 'https://0.0.0.0/…' resolves to 0.0.0.0, a 'this network' address (0.0.0.0/8)"
                            + PUBLIC_RULE);
            assertPermanent(
                    policy,
                    "https://[::]/in",
                    "webhook URL 'https://[::]/…' resolves to 0:0:0:0:0:0:0:0, the unspecified address (::/128)"
                            + PUBLIC_RULE);
        }
    }

    @Test
    void shouldRefusePrivateLinkLocalSharedUniqueLocalAndMulticastAddresses() {
        for (WebhookUrlPolicy policy : List.of(strict, demo)) {
            assertPermanent(
                    policy,
                    "https://169.254.169.254/latest/meta-data/",
                    "webhook URL 'https://169.254.169.254/…' resolves to 169.254.169.254, a link-local address (cloud metadata included) (169.254.0.0/16)"
                            + PUBLIC_RULE);
            assertPermanent(
                    policy,
                    "https://metadata.example.com/",
                    "webhook URL 'https://metadata.example.com/…' resolves to 169.254.169.254, a link-local address (cloud metadata included) (169.254.0.0/16)"
                            + PUBLIC_RULE);
            assertPermanent(
                    policy,
                    "https://intranet.example.com/hook",
                    "webhook URL 'https://intranet.example.com/…' resolves to 10.20.30.40, a private address (10.0.0.0/8)"
                            + PUBLIC_RULE);
            assertPermanent(
                    policy,
                    "https://docker.example.com/hook",
                    "webhook URL 'https://docker.example.com/…' resolves to 172.17.0.1, a private address (172.16.0.0/12)"
                            + PUBLIC_RULE);
            assertPermanent(
                    policy,
                    "https://nas.example.com/hook",
                    "webhook URL 'https://nas.example.com/…' resolves to 192.168.1.10, a private address (192.168.0.0/16)"
                            + PUBLIC_RULE);
            assertPermanent(
                    policy,
                    "https://cgnat.example.com/hook",
                    "webhook URL 'https://cgnat.example.com/…' resolves to 100.64.0.1, a carrier-grade NAT address (100.64.0.0/10)"
                            + PUBLIC_RULE);
            assertPermanent(
                    policy,
                    "https://ula.example.com/hook",
                    "webhook URL 'https://ula.example.com/…' resolves to fd12:3456:0:0:0:0:0:1, a unique local address (fc00::/7)"
                            + PUBLIC_RULE);
            assertPermanent(
                    policy,
                    "https://v6-link.example.com/hook",
                    "webhook URL 'https://v6-link.example.com/…' resolves to fe80:0:0:0:0:0:0:1, a link-local address (fe80::/10)"
                            + PUBLIC_RULE);
            assertPermanent(
                    policy,
                    "https://multicast.example.com/hook",
                    "webhook URL 'https://multicast.example.com/…' resolves to 224.0.0.251, a multicast address (224.0.0.0/4)"
                            + PUBLIC_RULE);
            assertPermanent(
                    policy,
                    "https://[::ffff:10.0.0.1]/hook",
                    "webhook URL 'https://[::ffff:10.0.0.1]/…' resolves to 10.0.0.1, a private address (10.0.0.0/8)"
                            + PUBLIC_RULE);
        }
    }

    @Test
    void shouldRefuseIpv6FormsThatCarryARefusedIpv4Address() {
        assertPermanent(
                demo,
                "https://nat64.example.com/hook",
                "webhook URL 'https://nat64.example.com/…' resolves to 64:ff9b:0:0:0:0:a9fe:a9fe, which embeds 169.254.169.254, a link-local address (cloud metadata included) (169.254.0.0/16)"
                        + PUBLIC_RULE);
        assertPermanent(
                demo,
                "https://sixtofour.example.com/hook",
                "webhook URL 'https://sixtofour.example.com/…' resolves to 2002:a00:1:0:0:0:0:1, which embeds 10.0.0.1, a private address (10.0.0.0/8)"
                        + PUBLIC_RULE);
        assertPermanent(
                demo,
                "https://[::127.0.0.1]/hook",
                "webhook URL 'https://[::127.0.0.1]/…' resolves to 0:0:0:0:0:0:7f00:1, which embeds 127.0.0.1, a loopback address (127.0.0.0/8)"
                        + PUBLIC_RULE);
    }

    @Test
    void shouldRefuseAHostWhenAnyOfItsAddressesIsRefused() {
        assertPermanent(
                strict,
                "https://half-private.example.com/hook",
                "webhook URL 'https://half-private.example.com/…' resolves to 10.0.0.7, a private address (10.0.0.0/8)"
                        + PUBLIC_RULE);
    }

    @Test
    void shouldRetryAHostThatDoesNotResolveYet() {
        assertThatThrownBy(() -> strict.check("https://hooks.unknown.invalid/T1/secret"))
                .isInstanceOfSatisfying(
                        DeliveryFailure.class,
                        failure -> assertThat(failure.permanent()).isFalse())
                .hasMessage(
                        "webhook URL 'https://hooks.unknown.invalid/…': the host hooks.unknown.invalid cannot be resolved");
    }

    @Test
    void shouldRefuseUrlsWithoutHostOrWithCredentialsWithoutShowingThem() {
        assertPermanent(strict, "https:///in", "webhook URL 'https:///…' has no host");
        assertPermanent(
                strict,
                "https://user:pw@hooks.example.com/in",
                "webhook URL 'https://hooks.example.com/…' must not carry credentials");
        assertPermanent(
                strict,
                "https://hooks example.com/in",
                "the webhook URL is not a valid URL (not shown: it may carry a secret)");
    }

    @Test
    void shouldShowAUrlOnlyByItsSchemeHostAndPort() {
        assertThat(WebhookUrlPolicy.redact("https://hooks.slack.com/services/T000/B000/XXXXXXXX"))
                .isEqualTo("https://hooks.slack.com/…");
        assertThat(WebhookUrlPolicy.redact("https://discord.com/api/webhooks/123/token-abc"))
                .isEqualTo("https://discord.com/…");
        assertThat(WebhookUrlPolicy.redact("https://crm.example.com:8443/in?token=abc"))
                .isEqualTo("https://crm.example.com:8443/…");
        assertThat(WebhookUrlPolicy.redact("https://user:pw@crm.example.com")).isEqualTo("https://crm.example.com");
        assertThat(WebhookUrlPolicy.redact("https://[::1]:8443/x")).isEqualTo("https://[::1]:8443/…");
        assertThat(WebhookUrlPolicy.redact("not a url at all")).isEqualTo("(invalid URL)");
        assertThat(WebhookUrlPolicy.redact(null)).isEqualTo("(no URL)");
    }

    private static void assertPermanent(WebhookUrlPolicy policy, String url, String message) {
        assertThatThrownBy(() -> policy.check(url))
                .as(url)
                .isInstanceOfSatisfying(
                        DeliveryFailure.class,
                        failure -> assertThat(failure.permanent()).isTrue())
                .hasMessage(message);
    }
}
