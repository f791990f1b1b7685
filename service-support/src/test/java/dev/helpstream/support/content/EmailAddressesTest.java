package dev.helpstream.support.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmailAddressesTest {

    @ParameterizedTest
    @CsvSource({
        "alice@example.com, alice@example.com",
        "  Alice.Smith+tickets@Example.COM , Alice.Smith+tickets@example.com",
        "o'brien@mail.example.co.uk, o'brien@mail.example.co.uk",
        "user@bücher.example, user@xn--bcher-kva.example",
        "x@sub-domain.xn--p1ai, x@sub-domain.xn--p1ai"
    })
    void shouldAcceptAndNormalizeAddresses(String given, String stored) {
        assertThat(EmailAddresses.normalize(given)).isEqualTo(stored);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "plainaddress | must contain exactly one @",
                "a@b@example.com | must contain exactly one @",
                "@example.com | has an invalid part before the @",
                ".alice@example.com | has an invalid part before the @",
                "alice..smith@example.com | has an invalid part before the @",
                "\"quoted\"@example.com | has an invalid part before the @",
                "Alice <alice@example.com> | has an invalid part before the @",
                "al ice@example.com | has an invalid part before the @",
                "alice@localhost | has a domain without a top-level domain",
                "alice@-example.com | has an invalid domain",
                "alice@example..com | has an invalid domain",
                "alice@[10.0.0.1] | has an invalid domain",
                "alice@10.0.0.1 | has an invalid top-level domain",
                "alice@example.c | has an invalid top-level domain",
                "alice@exa_mple.com | has an invalid domain"
            })
    void shouldRefuseMalformedAddressesWithTheReason(String given, String reason) {
        assertThatThrownBy(() -> EmailAddresses.normalize(given))
                .isInstanceOf(EmailAddresses.InvalidAddressException.class)
                .hasMessage(reason);
    }

    @Test
    void shouldRefuseEmptyAndOverlongAddresses() {
        assertThatThrownBy(() -> EmailAddresses.normalize(" ")).hasMessage("is empty");
        assertThatThrownBy(() -> EmailAddresses.normalize(null)).hasMessage("is empty");
        assertThatThrownBy(() -> EmailAddresses.normalize("a".repeat(65) + "@example.com"))
                .hasMessage("has an invalid part before the @");
        String longDomain = ("d".repeat(60) + ".").repeat(5) + "com";
        assertThatThrownBy(() -> EmailAddresses.normalize("alice@" + longDomain))
                .hasMessage("is longer than 254 characters");
    }
}
