package dev.helpstream.bench.load;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;

/**
 * The latency of one staff view page as a staff member sees it, e.g. {@code
 * /api/v1/staff/views/open?limit=50} with a million tickets loaded.
 *
 * <p>A closed loop of one: each GET is sent when the previous answer was read in full, so the
 * figure is the service time of a page with nothing queued in front of it (no coordinated
 * omission to correct: nothing waits to be sent). The first {@code warmup} requests are checked but
 * not recorded. Latency is from just before {@code send} to the last byte of the body, in
 * microseconds, into an HdrHistogram with 3 significant digits; the body is parsed and checked
 * after the clock stopped. Invariant: every request, warm-up included, is a 200 whose {@code items}
 * hold exactly a full page, the path's {@code limit} (the gateway's default 50 without one);
 * anything else throws with the status and an excerpt of the body, since a short or failed page
 * would make the figure meaningless.
 */
public final class ViewLatency {

    /** The gateway's page size when the path names none ({@code ViewRequests}). */
    static final int DEFAULT_PAGE_SIZE = 50;

    private ViewLatency() {}

    /**
     * Measures {@code requests} sequential GETs of {@code viewPath} after {@code warmup} unrecorded
     * ones.
     *
     * @param viewPath the path and query of the view, e.g. {@code /api/v1/staff/views/open?limit=50}
     * @return the latencies in microseconds
     */
    public static Histogram measure(
            HttpClient client, URI gatewayBase, String staffToken, String viewPath, int requests, int warmup) {
        if (requests < 1 || warmup < 0) {
            throw new IllegalArgumentException(
                    "requests must be at least 1 and warmup at least 0, were " + requests + " and " + warmup);
        }
        int pageSize = pageSize(viewPath);
        HttpRequest request = GatewayCalls.staffGet(gatewayBase, viewPath, staffToken);
        Histogram micros = new Histogram(3);
        for (int i = 0; i < warmup + requests; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = GatewayCalls.send(client, request);
            long elapsed = System.nanoTime() - start;
            check(request, response, pageSize);
            if (i >= warmup) {
                micros.recordValue(elapsed / 1_000);
            }
        }
        return micros;
    }

    private static void check(HttpRequest request, HttpResponse<byte[]> response, int pageSize) {
        if (response.statusCode() != 200) {
            throw GatewayCalls.unexpected(request, response, "an error");
        }
        JsonNode items = GatewayCalls.json(request, response).path("items");
        if (!items.isArray() || items.size() != pageSize) {
            throw GatewayCalls.unexpected(
                    request,
                    response,
                    (items.isArray() ? items.size() : "no") + " items instead of a full page of " + pageSize);
        }
    }

    /** The {@code limit} of the path's query, as the gateway reads it. */
    static int pageSize(String viewPath) {
        String query = URI.create(viewPath).getRawQuery();
        if (query != null) {
            for (String parameter : query.split("&")) {
                int equals = parameter.indexOf('=');
                if (equals > 0 && parameter.substring(0, equals).equals("limit")) {
                    String value = URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8);
                    try {
                        return Integer.parseInt(value.strip());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("the limit of " + viewPath + " is not a number", e);
                    }
                }
            }
        }
        return DEFAULT_PAGE_SIZE;
    }
}
