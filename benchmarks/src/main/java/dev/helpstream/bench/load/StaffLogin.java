package dev.helpstream.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A staff access token from the gateway: {@code POST /api/v1/auth/login} with {@code {"username",
 * "password"}}, answered {@code 200 {"accessToken", "tokenType": "Bearer", "expiresIn", "agent"}}
 * (the token lasts 8 hours, longer than any benchmark run). Anything else is an error naming the
 * status and quoting the answer.
 */
public final class StaffLogin {

    private StaffLogin() {}

    /** The bearer token of {@code user}, e.g. the demo's {@code admin} / {@code demo}. */
    public static String token(HttpClient client, URI gatewayBase, String user, String password) {
        byte[] body = JsonMapper.shared().writeValueAsBytes(Map.of("username", user, "password", password));
        HttpRequest request = HttpRequest.newBuilder(gatewayBase.resolve("/api/v1/auth/login"))
                .timeout(GatewayCalls.REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<byte[]> response = GatewayCalls.send(client, request);
        if (response.statusCode() != 200) {
            throw GatewayCalls.unexpected(request, response, "a refusal of " + user);
        }
        JsonNode token = GatewayCalls.json(request, response).path("accessToken");
        if (!token.isString() || token.asString().isBlank()) {
            throw GatewayCalls.unexpected(request, response, "no accessToken");
        }
        return token.asString();
    }
}
