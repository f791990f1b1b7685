package dev.helpstream.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    private static final byte[] BODY = "{\"ticket_id\":\"T-1\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldSignTheTimestampADotAndTheBodyWithHmacSha256() {
        // Computed independently: printf '%s' '1741000000.{"ticket_id":"T-1"}' | openssl dgst -sha256 -hmac whsec_test
        assertThat(WebhookSigner.sign("whsec_test", 1_741_000_000L, BODY))
                .isEqualTo("v1=e58c47704af08d8b0eac486fcfb7a5beae899b4b2ff15a696851ebbb7be39ec3");
    }

    @Test
    void shouldChangeWithTheTimestampTheBodyAndTheSecret() {
        String signature = WebhookSigner.sign("whsec_test", 1_741_000_000L, BODY);

        assertThat(WebhookSigner.sign("whsec_test", 1_741_000_001L, BODY)).isNotEqualTo(signature);
        assertThat(WebhookSigner.sign("whsec_test", 1_741_000_000L, "{}".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(signature);
        assertThat(WebhookSigner.sign("whsec_other", 1_741_000_000L, BODY)).isNotEqualTo(signature);
    }
}
