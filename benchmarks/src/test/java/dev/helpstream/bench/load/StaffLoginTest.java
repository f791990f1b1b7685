package dev.helpstream.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class StaffLoginTest {

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void postsTheCredentialsAsJsonAndReturnsTheAccessToken() throws Exception {
        try (LocalGateway gateway = new LocalGateway(request ->
                LocalGateway.Answer.json("{\"accessToken\":\"t0k.e.n\",\"tokenType\":\"Bearer\",\"expiresIn\":28800,"
                        + "\"agent\":{\"id\":\"admin\"}}"))) {

            String token = StaffLogin.token(client, gateway.base(), "admin", "demo");

            assertThat(token).isEqualTo("t0k.e.n");
            assertThat(gateway.received()).singleElement().satisfies(request -> {
                assertThat(request.method()).isEqualTo("POST");
                assertThat(request.pathAndQuery()).isEqualTo("/api/v1/auth/login");
                assertThat(request.contentType()).isEqualTo("application/json");
                assertThat(JsonMapper.shared().readTree(request.body()))
                        .isEqualTo(JsonMapper.shared().readTree("{\"username\":\"admin\",\"password\":\"demo\"}"));
            });
        }
    }

    @Test
    void aRefusedLoginFailsWithTheStatusAndTheGatewaysProblem() throws Exception {
        try (LocalGateway gateway = new LocalGateway(request -> new LocalGateway.Answer(
                401,
                "application/problem+json",
                "{\"status\":401,\"detail\":\"The username or password is not correct.\"}"))) {

            assertThatThrownBy(() -> StaffLogin.token(client, gateway.base(), "admin", "wrong"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("POST " + gateway.base() + "/api/v1/auth/login answered 401 with a refusal of admin:"
                            + " {\"status\":401,\"detail\":\"The username or password is not correct.\"}");
        }
    }

    @Test
    void anAnswerWithoutATokenFails() throws Exception {
        try (LocalGateway gateway =
                new LocalGateway(request -> LocalGateway.Answer.json("{\"tokenType\":\"Bearer\"}"))) {

            assertThatThrownBy(() -> StaffLogin.token(client, gateway.base(), "admin", "demo"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageEndingWith("answered 200 with no accessToken: {\"tokenType\":\"Bearer\"}");
        }
    }
}
