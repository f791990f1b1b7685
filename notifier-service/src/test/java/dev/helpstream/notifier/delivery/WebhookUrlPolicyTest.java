package dev.helpstream.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class WebhookUrlPolicyTest {

    private final WebhookUrlPolicy strict = new WebhookUrlPolicy(false);
    private final WebhookUrlPolicy demo = new WebhookUrlPolicy(true);

    @Test
    void shouldAcceptHttpsUrls() {
        assertThat(strict.check("https://hooks.example.com/services/T1/B2?x=1"))
                .isEqualTo(URI.create("https://hooks.example.com/services/T1/B2?x=1"));
    }

    @Test
    void shouldRefusePlainHttpToAnyOtherHost() {
        assertPermanent(
                strict,
                "http://hooks.example.com/in",
                "webhook URL 'http://hooks.example.com/in' must be an https URL");
        assertPermanent(
                demo, "http://hooks.example.com/in", "webhook URL 'http://hooks.example.com/in' must be an https URL");
        assertPermanent(
                strict, "ftp://hooks.example.com/in", "webhook URL 'ftp://hooks.example.com/in' must be an https URL");
    }

    @Test
    void shouldRefuseLoopbackUnlessAllowed() {
        for (String url : new String[] {
            "https://localhost/in",
            "https://127.0.0.2:8443/in",
            "https://[::1]/in",
            "http://api.localhost/in",
            "https://0.0.0.0/in"
        }) {
            assertThatThrownBy(() -> strict.check(url))
                    .isInstanceOfSatisfying(
                            DeliveryFailure.class,
                            failure -> assertThat(failure.permanent()).isTrue())
                    .hasMessage("webhook URL '" + url + "' calls this machine (loopback), which is allowed only with"
                            + " helpstream.delivery.allow-loopback-webhooks=true");
        }
        assertThat(demo.check("http://127.0.0.1:8089/hook")).isEqualTo(URI.create("http://127.0.0.1:8089/hook"));
        assertThat(demo.check("https://localhost/hook")).isEqualTo(URI.create("https://localhost/hook"));
    }

    @Test
    void shouldRefuseUrlsWithoutHostOrWithCredentials() {
        assertPermanent(strict, "https:///in", "webhook URL 'https:///in' has no host");
        assertPermanent(
                strict,
                "https://user:pw@hooks.example.com/in",
                "webhook URL 'https://user:pw@hooks.example.com/in' must not carry credentials");
        assertPermanent(
                strict,
                "https://hooks example.com/in",
                "webhook URL 'https://hooks example.com/in' is not a valid URL");
    }

    private static void assertPermanent(WebhookUrlPolicy policy, String url, String message) {
        assertThatThrownBy(() -> policy.check(url))
                .isInstanceOfSatisfying(
                        DeliveryFailure.class,
                        failure -> assertThat(failure.permanent()).isTrue())
                .hasMessage(message);
    }
}
