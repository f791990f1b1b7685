package dev.helpstream.gateway.tickets;

import static dev.helpstream.gateway.tickets.SeededTickets.ALICE;
import static dev.helpstream.gateway.tickets.SeededTickets.BILLING_WORD;
import static dev.helpstream.gateway.tickets.SeededTickets.BOB;
import static dev.helpstream.gateway.tickets.SeededTickets.CAROL;
import static dev.helpstream.gateway.tickets.SeededTickets.LOG_ATTACHMENT;
import static dev.helpstream.gateway.tickets.SeededTickets.NOTE_ATTACHMENT;
import static dev.helpstream.gateway.tickets.SeededTickets.PAGE_ATTACHMENT;
import static dev.helpstream.gateway.tickets.SeededTickets.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.helpstream.gateway.ApiGatewayApplication;
import dev.helpstream.gateway.ConfigView;
import dev.helpstream.gateway.ConfigWriter;
import dev.helpstream.gateway.security.Caller;
import dev.helpstream.gateway.security.TestTokens;
import dev.helpstream.gateway.sla.SlaConfigFixtures;
import dev.helpstream.gateway.sla.SlaEventFixtures;
import dev.helpstream.kafka.embedded.EmbeddedKafkaCluster;
import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.SlaMetric;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.config.ApiKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every endpoint of the ticket API against every kind of caller, on a real broker, through the
 * real security chain: one gateway with the demo configuration (agents ana in support, bea in
 * billing and sales, admin everywhere), six tickets produced straight to the ticket topics
 * ({@link SeededTickets}), and callers with real tokens and API keys. Proves that nothing of a
 * ticket leaks to an agent of another department, another customer or an anonymous caller —
 * through views, the customer record, search, detail, attachments, SSE or the command endpoints —
 * and that customers never see internal notes or fields.
 *
 * <p>No routing-stream runs here, so no test sends a command that passes the gateway's checks:
 * every command request is refused before a command is written.
 */
class TicketApiAccessIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String STAFF = "/api/v1/staff";
    private static final String PORTAL = "/api/v1/portal";
    private static final String READER_KEY_SECRET = "hs_it_ticket_reader";
    private static final String NO_TICKETS_KEY_SECRET = "hs_it_config_reader";
    private static final ParameterizedTypeReference<ServerSentEvent<JsonNode>> EVENTS =
            new ParameterizedTypeReference<>() {};
    private static final Map<Integer, String> TITLES = Map.of(
            400, "Bad Request",
            401, "Unauthorized",
            403, "Forbidden",
            404, "Not Found",
            422, "Unprocessable Content");

    @TempDir
    static Path data;

    private static EmbeddedKafkaCluster broker;
    private static ConfigurableApplicationContext gateway;
    private static SeededTickets tickets;
    private static WebTestClient http;
    private static Path blobDirectory;

    private static As ana;
    private static As bea;
    private static As admin;
    private static As readerKey;
    private static As noTicketsKey;
    private static As alice;
    private static As bob;
    private static As carol;
    private static final As ANONYMOUS = new As("anonymous", Map.of());

    /** A caller: its name in the test report and the headers that say who it is. */
    record As(String name, Map<String, String> headers) {

        static As bearer(String name, String token) {
            return new As(name, Map.of(HttpHeaders.AUTHORIZATION, "Bearer " + token));
        }

        static As apiKey(String name, String key) {
            return new As(name, Map.of("X-Api-Key", key));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void startGatewayAndSeedTickets() throws Exception {
        broker = EmbeddedKafkaCluster.builder()
                .dataDirectory(data.resolve("kafka"))
                .build()
                .start();
        blobDirectory = data.resolve("blobs");
        gateway = ApiGatewayApplication.builder()
                .run(
                        "--server.port=0",
                        "--helpstream.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                        "--helpstream.topics.replication-factor=1",
                        "--helpstream.demo.enabled=true",
                        "--helpstream.security.token-secret=tickets-it-token-secret-of-at-least-32-bytes",
                        "--helpstream.security.customer-link-secret=tickets-it-link-secret-of-at-least-32-bytes",
                        "--helpstream.blobs.directory=" + blobDirectory,
                        // Short, so that the streams' own beats come round within a test.
                        "--helpstream.streams.presence-ttl=2s");
        http = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + gateway.getEnvironment().getProperty("local.server.port"))
                .responseTimeout(TIMEOUT)
                .build();

        writeApiKey("it-ticket-reader", READER_KEY_SECRET, "tickets:read");
        writeApiKey("it-config-reader", NO_TICKETS_KEY_SECRET, "config:read");
        ana = As.bearer("ana (support)", TestTokens.staff(gateway, "ana"));
        bea = As.bearer("bea (billing, sales)", TestTokens.staff(gateway, "bea"));
        admin = As.bearer("admin", TestTokens.staff(gateway, "admin"));
        readerKey = As.apiKey("API key with tickets:read", READER_KEY_SECRET);
        noTicketsKey = As.apiKey("API key without ticket scopes", NO_TICKETS_KEY_SECRET);
        alice = As.bearer("customer Alice", TestTokens.customer(gateway, ALICE));
        bob = As.bearer("customer Bob", TestTokens.customer(gateway, BOB));
        carol = As.bearer("customer Carol (CC)", TestTokens.customer(gateway, CAROL));

        tickets = new SeededTickets(broker.bootstrapServers(), blobDirectory);
        Map<String, Integer> conversations = tickets.seed();
        // Each seeded ticket is at the version of its last event.
        conversations.forEach((ticketId, entries) -> awaitConversation(ticketId, entries, entries));

        // The SLA policy first: the time a target has left when its clock stops is counted by it.
        SlaConfigFixtures.entities().forEach(TicketApiAccessIT::writeConfig);
        tickets.seedSla();
        Awaitility.await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(ok(get(admin, STAFF + "/tickets/t-101"))
                            .path("sla")
                            .path("paused")
                            .asBoolean())
                    .isTrue();
            assertThat(ok(get(admin, STAFF + "/tickets/t-102"))
                            .path("sla")
                            .path("late")
                            .asBoolean())
                    .isTrue();
            assertThat(ok(get(admin, STAFF + "/tickets/t-103")).path("sla").isObject())
                    .isTrue();
        });
    }

    @AfterAll
    static void stop() {
        try {
            if (tickets != null) {
                tickets.close();
            }
            if (gateway != null) {
                gateway.close();
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    // ---------------------------------------------------------------- staff reads

    static Stream<Arguments> views() {
        return Stream.of(
                arguments(ana, "all", List.of(101L, 103L, 105L)),
                arguments(ana, "open", List.of(101L, 103L, 105L)),
                arguments(ana, "team", List.of(101L, 103L, 105L)),
                arguments(ana, "mine", List.of(101L)),
                arguments(ana, "unassigned", List.of(103L, 105L)),
                arguments(ana, "all?department=billing", List.of()),
                arguments(bea, "all", List.of(102L, 104L, 106L)),
                arguments(bea, "mine", List.of(102L)),
                arguments(admin, "all", List.of(101L, 102L, 103L, 104L, 105L, 106L)),
                arguments(admin, "unassigned", List.of(103L, 104L, 105L, 106L)),
                arguments(readerKey, "all", List.of(101L, 102L, 103L, 104L, 105L, 106L)));
    }

    @ParameterizedTest(name = "{0} in view {1} sees {2}")
    @MethodSource("views")
    void shouldListInAViewExactlyTheTicketsTheCallerMaySee(As caller, String view, List<Long> numbers) {
        String query = view.contains("?") ? view + "&" : view + "?";

        JsonNode page = ok(get(caller, STAFF + "/views/" + query + "sort=number&order=asc"));

        assertThat(numbers(page)).isEqualTo(numbers);
        assertThat(page.get("total").asLong()).isEqualTo(numbers.size());
    }

    static Stream<Arguments> customerRecords() {
        return Stream.of(
                arguments(ana, List.of(101L, 105L)),
                arguments(bea, List.of(104L)),
                arguments(admin, List.of(101L, 104L, 105L)),
                arguments(readerKey, List.of(101L, 104L, 105L)));
    }

    @ParameterizedTest(name = "{0} sees {1} in Alice's record")
    @MethodSource("customerRecords")
    void shouldShowInACustomersRecordOnlyTheTicketsTheCallerMaySee(As caller, List<Long> numbers) {
        JsonNode page = ok(get(caller, STAFF + "/customers/" + ALICE + "/tickets?sort=number&order=asc"));

        assertThat(numbers(page)).isEqualTo(numbers);
    }

    static Stream<Arguments> searches() {
        return Stream.of(
                arguments(ana, SECRET, List.of(101L)),
                arguments(ana, BILLING_WORD, List.of()),
                arguments(bea, SECRET, List.of()),
                arguments(bea, BILLING_WORD, List.of(102L)),
                arguments(admin, SECRET, List.of(101L)),
                arguments(admin, BILLING_WORD, List.of(102L)),
                arguments(readerKey, SECRET, List.of(101L)),
                arguments(readerKey, BILLING_WORD, List.of(102L)));
    }

    @ParameterizedTest(name = "{0} searching {1} finds {2}")
    @MethodSource("searches")
    void shouldFindBySearchOnlyTicketsTheCallerMaySeeNotesIncluded(As caller, String word, List<Long> numbers) {
        JsonNode page = ok(get(caller, STAFF + "/search?q=" + word));

        assertThat(numbers(page)).isEqualTo(numbers);
        assertThat(page.get("total").asLong()).isEqualTo(numbers.size());
    }

    static Stream<Arguments> staffReaders() {
        return Stream.of(arguments(ana), arguments(admin), arguments(readerKey));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("staffReaders")
    void shouldShowTheTicketWithItsWholeConversationNoteIncludedToStaffWhoMaySeeIt(As caller) {
        for (String reference : List.of("t-101", "101")) {
            EntityExchangeResult<JsonNode> result = get(caller, STAFF + "/tickets/" + reference)
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .valueEquals(HttpHeaders.ETAG, "\"3\"")
                    .expectBody(JsonNode.class)
                    .returnResult();
            JsonNode body = result.getResponseBody();

            assertThat(body.get("ticket").get("ticketId").asString()).isEqualTo("t-101");
            assertThat(body.get("ticket").get("assigneeId").asString()).isEqualTo("ana");
            assertThat(body.get("ticket").get("noteCount").asInt()).isEqualTo(1);
            assertThat(body.get("conversation")
                            .valueStream()
                            .map(entry -> entry.get("eventId").asString() + " "
                                    + entry.get("payload").get("type").asString()))
                    .containsExactly("t-101-e1 TicketOpened", "t-101-e2 MessageAdded", "t-101-e3 NoteAdded");
            assertThat(body.get("conversation")
                            .get(2)
                            .get("payload")
                            .get("body")
                            .get("text")
                            .asString())
                    .isEqualTo("Customer is on the legacy cluster, password hint " + SECRET + ".");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("staffReaders")
    void shouldLetStaffWhoMaySeeTheTicketDownloadTheNotesAttachment(As caller) {
        byte[] file = get(caller, STAFF + "/tickets/t-101/attachments/" + NOTE_ATTACHMENT)
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType(MediaType.TEXT_PLAIN)
                .expectHeader()
                .valueEquals(
                        "Content-Disposition",
                        "attachment; filename=\"internal-diagnostics.txt\"; filename*=UTF-8''internal-diagnostics.txt")
                .expectHeader()
                .valueEquals("X-Content-Type-Options", "nosniff")
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();

        assertThat(file).isEqualTo(SeededTickets.NOTE_BYTES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("staffReaders")
    void shouldOpenTheTicketsStreamWithWhoIsOnItForStaffWhoMaySeeIt(As caller) {
        ServerSentEvent<JsonNode> first = stream(caller, STAFF + "/tickets/t-101/stream")
                .expectStatus()
                .isOk()
                .returnResult(EVENTS)
                .getResponseBody()
                .filter(event -> event.event() != null)
                .next()
                .block(TIMEOUT);

        assertThat(first.event()).isEqualTo("presence");
        assertThat(first.data().isArray()).isTrue();
    }

    @Test
    void shouldAnswerAnAgentOfAnotherDepartmentAsIfTheTicketDidNotExist() {
        for (String path : List.of(
                "/tickets/t-101",
                "/tickets/101",
                "/tickets/t-101/attachments/" + LOG_ATTACHMENT,
                "/tickets/t-101/attachments/" + NOTE_ATTACHMENT,
                "/canned-responses?ticketId=t-101",
                "/canned-responses/thanks/render?ticketId=t-101")) {
            problem(get(bea, STAFF + path), 404);
        }
        problem(stream(bea, STAFF + "/tickets/t-101/stream"), 404);
        problem(post(bea, STAFF + "/tickets/t-101/presence", "{\"activity\":\"VIEWING\"}"), 404);
        // The same answer as for a ticket that does not exist at all.
        assertThat(problem(get(ana, STAFF + "/tickets/t-999"), 404)
                        .get("detail")
                        .asString())
                .isEqualTo("no ticket t-999");
        assertThat(problem(get(bea, STAFF + "/tickets/t-101"), 404)
                        .get("detail")
                        .asString())
                .isEqualTo("no ticket t-101");
    }

    static Stream<Arguments> staffReadsRefused() {
        List<String> paths = List.of(
                "/views/all",
                "/customers/" + ALICE + "/tickets",
                "/search?q=" + SECRET,
                "/tickets/t-101",
                "/tickets/t-101/attachments/" + LOG_ATTACHMENT,
                "/canned-responses",
                "/canned-responses/thanks/render?ticketId=t-101",
                "/stream?view=all",
                "/tickets/t-101/stream");
        List<Arguments> cases = new ArrayList<>();
        for (String path : paths) {
            cases.add(arguments(noTicketsKey, path, 403));
            cases.add(arguments(alice, path, 403));
            cases.add(arguments(ANONYMOUS, path, 401));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} GET {1} → {2}")
    @MethodSource("staffReadsRefused")
    void shouldRefuseStaffReadsToCallersWithoutTicketReading(As caller, String path, int status) {
        boolean events = path.contains("stream");

        problem(events ? stream(caller, STAFF + path) : get(caller, STAFF + path), status);
    }

    static Stream<Arguments> cannedResponses() {
        return Stream.of(
                arguments(ana, "", List.of("need-details", "thanks")),
                arguments(ana, "?ticketId=t-101", List.of("need-details", "thanks")),
                arguments(ana, "?departmentId=billing", List.of()),
                arguments(bea, "", List.of("invoice-copy")),
                arguments(admin, "", List.of("invoice-copy", "need-details", "thanks")),
                arguments(admin, "?ticketId=t-102", List.of("invoice-copy")),
                arguments(readerKey, "", List.of("invoice-copy", "need-details", "thanks")),
                arguments(readerKey, "?ticketId=t-101", List.of("need-details", "thanks")));
    }

    @ParameterizedTest(name = "{0} lists {1}: {2}")
    @MethodSource("cannedResponses")
    void shouldListOnlyTheCannedResponsesTheCallerCanUse(As caller, String query, List<String> ids) {
        JsonNode list = ok(get(caller, STAFF + "/canned-responses" + query));

        assertThat(list.get("items").valueStream().map(item -> item.get("id").asString()))
                .containsExactlyElementsOf(ids);
    }

    @Test
    void shouldRenderACannedResponseForATicketOfTheAgent() {
        JsonNode rendered = ok(get(ana, STAFF + "/canned-responses/thanks/render?ticketId=t-101"));

        assertThat(rendered.get("text").asString())
                .isEqualTo("Thank you for contacting us. We are looking into it and will get back to you shortly.");
    }

    // ---------------------------------------------------------------- commands

    /** A command endpoint: method, path below the ticket, a valid body (null for none). */
    record Command(HttpMethod method, String path, String body) {

        @Override
        public String toString() {
            return method.name() + " " + path;
        }
    }

    private static final List<Command> COMMANDS = List.of(
            new Command(HttpMethod.POST, "capture", null),
            new Command(HttpMethod.POST, "assign", "{\"agentId\":\"ana\"}"),
            new Command(HttpMethod.POST, "transfer", "{\"departmentId\":\"billing\"}"),
            new Command(HttpMethod.POST, "replies", "{\"text\":\"Fixed.\"}"),
            new Command(HttpMethod.POST, "notes", "{\"text\":\"Looked at it.\"}"),
            new Command(HttpMethod.POST, "status", "{\"statusId\":\"waiting\"}"),
            new Command(HttpMethod.POST, "priority", "{\"priorityId\":\"high\"}"),
            new Command(HttpMethod.POST, "category", "{\"categoryId\":\"dns\"}"),
            new Command(HttpMethod.POST, "type", "{\"typeId\":\"question\"}"),
            new Command(HttpMethod.POST, "due-date", "{\"dueAt\":\"2026-04-01T10:00:00Z\"}"),
            new Command(
                    HttpMethod.POST, "estimated-resolution", "{\"estimatedResolutionAt\":\"2026-04-02T10:00:00Z\"}"),
            new Command(HttpMethod.POST, "progress", "{\"percent\":50}"),
            new Command(HttpMethod.POST, "spam", "{\"blockSender\":false}"),
            new Command(HttpMethod.DELETE, "spam", null),
            new Command(HttpMethod.POST, "important", "{\"important\":true}"),
            new Command(HttpMethod.POST, "merge", "{\"targetTicketId\":\"t-103\"}"),
            new Command(HttpMethod.POST, "delete", "{\"reason\":\"duplicate\"}"),
            new Command(HttpMethod.POST, "close", "{\"reason\":\"done\"}"),
            new Command(HttpMethod.POST, "reopen", null),
            new Command(HttpMethod.POST, "time-entries", "{\"minutes\":15}"),
            new Command(HttpMethod.POST, "timer/start", null),
            new Command(HttpMethod.POST, "timer/stop", "{\"note\":\"done\"}"),
            new Command(HttpMethod.POST, "cc", "{\"email\":\"dan@customer.test\"}"),
            new Command(HttpMethod.DELETE, "cc/" + CAROL, null),
            new Command(HttpMethod.PUT, "tags", "{\"tags\":[\"vip\",\"dns\"]}"));

    static Stream<Arguments> commandsRefused() {
        List<Arguments> cases = new ArrayList<>();
        for (Command command : COMMANDS) {
            cases.add(arguments(command, bea, 404));
            cases.add(arguments(command, alice, 403));
            cases.add(arguments(command, ANONYMOUS, 401));
            cases.add(arguments(command, readerKey, 403));
            cases.add(arguments(command, noTicketsKey, 403));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} by {1} → {2}")
    @MethodSource("commandsRefused")
    void shouldRefuseEveryCommandToCallersWhoMayNotActOnTheTicket(Command command, As caller, int status) {
        problem(
                send(caller, command.method(), STAFF + "/tickets/t-101/" + command.path(), command.body(), null),
                status);
    }

    static Stream<Arguments> invalidCommands() {
        return Stream.of(
                arguments("transfer", "{\"reason\":\"wrong team\"}", null, 422, List.of("departmentId")),
                arguments("progress", "{\"percent\":101}", null, 422, List.of("percent")),
                arguments("tags", "{}", null, 422, List.of("tags")),
                arguments("time-entries", "{\"minutes\":0}", null, 422, List.of("minutes")),
                arguments("capture", null, "abc", 400, List.of("If-Match")),
                arguments("replies", "{\"closeOnReply\":true}", null, 422, List.of("text")),
                arguments(
                        "replies",
                        "{\"cannedResponseId\":\"no-such-response\"}",
                        null,
                        422,
                        List.of("cannedResponseId")),
                // Billing's response is not usable on a support ticket.
                arguments("replies", "{\"cannedResponseId\":\"invoice-copy\"}", null, 422, List.of("cannedResponseId")),
                arguments("merge", "{\"targetTicketId\":\"t-999\"}", null, 422, List.of("targetTicketId")),
                // Another department's ticket is answered like one that does not exist.
                arguments("merge", "{\"targetTicketId\":\"t-102\"}", null, 422, List.of("targetTicketId")));
    }

    @ParameterizedTest(name = "{0} {1} If-Match {2} → {3} {4}")
    @MethodSource("invalidCommands")
    void shouldAnswerAnInvalidCommandWithAProblemNamingTheFields(
            String path, String body, String ifMatch, int status, List<String> fields) {
        HttpMethod method = path.equals("tags") ? HttpMethod.PUT : HttpMethod.POST;

        JsonNode problem = problem(send(ana, method, STAFF + "/tickets/t-101/" + path, body, ifMatch), status);

        assertThat(problem.get("errors")
                        .valueStream()
                        .map(error -> error.get("field").asString()))
                .containsExactlyElementsOf(fields);
    }

    @Test
    void shouldRefuseToOpenATicketOnBehalfOfACustomerToCallersWithoutTicketWriting() {
        String body =
                "{\"subject\":\"Printer on fire\",\"customer\":{\"email\":\"" + ALICE + "\"},\"text\":\"It burns.\"}";

        problem(post(alice, STAFF + "/tickets", body), 403);
        problem(post(ANONYMOUS, STAFF + "/tickets", body), 401);
        problem(post(readerKey, STAFF + "/tickets", body), 403);
        problem(post(noTicketsKey, STAFF + "/tickets", body), 403);
        JsonNode invalid = problem(
                post(ana, STAFF + "/tickets", "{\"subject\":\" \",\"customer\":{\"email\":\"not-an-address\"}}"), 422);
        assertThat(invalid.get("errors")
                        .valueStream()
                        .map(error -> error.get("field").asString()))
                .containsExactly("customer.email", "subject");
    }

    // ---------------------------------------------------------------- portal

    @Test
    void shouldListToEachCustomerExactlyTheirOwnTicketsNewestFirst() {
        assertThat(numbers(ok(get(alice, PORTAL + "/tickets")))).containsExactly(105L, 104L, 101L);
        assertThat(numbers(ok(get(bob, PORTAL + "/tickets")))).containsExactly(106L, 103L, 102L);
    }

    @Test
    void shouldShowTheCustomerThePublicConversationWithoutTheNoteOrAnyInternalField() {
        String raw = get(alice, PORTAL + "/tickets/t-101")
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        JsonNode body = json(raw);

        assertThat(raw.toLowerCase()).doesNotContain(SECRET).doesNotContain("internal-diagnostics");
        assertThat(body.propertyNames()).containsExactly("ticket", "conversation");
        JsonNode ticket = body.get("ticket");
        assertThat(ticket.propertyNames())
                .containsExactly(
                        "ticketId",
                        "number",
                        "subject",
                        "status",
                        "statusName",
                        "department",
                        "createdAt",
                        "closedAt",
                        "estimatedResolutionAt",
                        "progressPercent",
                        "cc",
                        "canReply",
                        "canClose",
                        "canReopen");
        assertThat(ticket.get("status").asString()).isEqualTo("open");
        assertThat(ticket.get("department").asString()).isEqualTo("Technical support");
        assertThat(body.get("conversation")
                        .valueStream()
                        .map(entry -> entry.get("kind").asString() + " "
                                + entry.get("eventId").asString() + " "
                                + entry.get("direction").asString() + " "
                                + entry.get("text").asString()))
                .containsExactly(
                        "message t-101-e1 INBOUND My site alpha.example answers 502 since this morning.",
                        "message t-101-e2 OUTBOUND We restarted the web server; please check again.");
        assertThat(body.get("conversation")
                        .get(0)
                        .get("attachments")
                        .valueStream()
                        .map(file -> file.get("attachmentId").asString()))
                .containsExactly(LOG_ATTACHMENT, PAGE_ATTACHMENT);
    }

    @Test
    void shouldLetACustomerInCcReadTheTicket() {
        JsonNode body = ok(get(carol, PORTAL + "/tickets/t-101"));

        assertThat(body.get("ticket").get("number").asLong()).isEqualTo(101);
        assertThat(body.get("conversation").size()).isEqualTo(2);
    }

    @Test
    void shouldAnswerAnotherCustomerAsIfTheTicketDidNotExist() {
        problem(get(bob, PORTAL + "/tickets/t-101"), 404);
        problem(get(bob, PORTAL + "/tickets/t-101/attachments/" + LOG_ATTACHMENT), 404);
        problem(post(bob, PORTAL + "/tickets/t-101/replies", "{\"text\":\"Me too.\"}"), 404);
        problem(post(bob, PORTAL + "/tickets/t-101/close", null), 404);
        problem(post(bob, PORTAL + "/tickets/t-101/reopen", null), 404);
        // Alice is in CC of none of Bob's tickets.
        problem(get(alice, PORTAL + "/tickets/t-102"), 404);
        problem(get(carol, PORTAL + "/tickets/t-105"), 404);
    }

    @Test
    void shouldServeTheCustomerTheirMessagesAttachmentsAsSafeDownloadsButNeverTheNotes() {
        byte[] log = get(alice, PORTAL + "/tickets/t-101/attachments/" + LOG_ATTACHMENT)
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType(MediaType.TEXT_PLAIN)
                .expectHeader()
                .valueEquals(
                        "Content-Disposition", "attachment; filename=\"error-log.txt\"; filename*=UTF-8''error-log.txt")
                .expectHeader()
                .valueEquals("X-Content-Type-Options", "nosniff")
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();
        byte[] page = get(alice, PORTAL + "/tickets/t-101/attachments/" + PAGE_ATTACHMENT)
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .expectHeader()
                .valueEquals("Content-Disposition", "attachment; filename=\"page.html\"; filename*=UTF-8''page.html")
                .expectHeader()
                .valueEquals("X-Content-Type-Options", "nosniff")
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();

        assertThat(log).isEqualTo(SeededTickets.LOG_BYTES);
        assertThat(page).isEqualTo(SeededTickets.PAGE_BYTES);
        problem(get(alice, PORTAL + "/tickets/t-101/attachments/" + NOTE_ATTACHMENT), 404);
        problem(get(carol, PORTAL + "/tickets/t-101/attachments/" + NOTE_ATTACHMENT), 404);
    }

    static Stream<Arguments> portalRefused() {
        List<Arguments> cases = new ArrayList<>();
        List<String[]> endpoints = List.of(
                new String[] {"GET", "/tickets", null},
                new String[] {"POST", "/tickets", "{\"subject\":\"Help\",\"text\":\"Please.\"}"},
                new String[] {"GET", "/tickets/t-101", null},
                new String[] {"POST", "/tickets/t-101/replies", "{\"text\":\"Thanks.\"}"},
                new String[] {"POST", "/tickets/t-101/close", null},
                new String[] {"POST", "/tickets/t-101/reopen", null},
                new String[] {"GET", "/tickets/t-101/attachments/" + LOG_ATTACHMENT, null},
                new String[] {"GET", "/stream", null},
                new String[] {"GET", "/options", null});
        for (String[] endpoint : endpoints) {
            for (As staff : List.of(ana, admin, readerKey)) {
                cases.add(arguments(endpoint[0], endpoint[1], endpoint[2], staff, 403));
            }
            cases.add(arguments(endpoint[0], endpoint[1], endpoint[2], ANONYMOUS, 401));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} by {3} → {4}")
    @MethodSource("portalRefused")
    void shouldKeepThePortalForCustomers(String method, String path, String body, As caller, int status) {
        problem(send(caller, HttpMethod.valueOf(method), PORTAL + path, body, null), status);
    }

    @Test
    void shouldRefuseAPortalTicketWithABlankSubjectAnInvalidCcAndAnUnknownDepartment() {
        JsonNode problem = problem(
                post(
                        alice,
                        PORTAL + "/tickets",
                        "{\"subject\":\"  \",\"text\":\"Hello\",\"cc\":[\"not-an-address\"],"
                                + "\"departmentId\":\"no-such-department\"}"),
                422);

        assertThat(problem.get("errors")
                        .valueStream()
                        .map(error -> error.get("field").asString()))
                .containsExactly("subject", "cc[0]", "departmentId");
    }

    @Test
    void shouldRefuseAnUploadWithADisallowedExtensionAndLeaveNoFileBehind() throws Exception {
        List<Path> before = blobFiles();
        MultipartBodyBuilder single = form();
        single.part("attachments", file("setup.exe", "MZ tool".getBytes(StandardCharsets.US_ASCII)))
                .contentType(MediaType.APPLICATION_OCTET_STREAM);
        MultipartBodyBuilder second = form();
        second.part("attachments", file("screenshot.png", png())).contentType(MediaType.IMAGE_PNG);
        second.part("attachments", file("setup.exe", "MZ tool".getBytes(StandardCharsets.US_ASCII)))
                .contentType(MediaType.APPLICATION_OCTET_STREAM);

        JsonNode first = problem(upload(single), 422, "Attachment refused");
        JsonNode afterAnAcceptedFile = problem(upload(second), 422, "Attachment refused");

        assertThat(first.get("errors")
                        .valueStream()
                        .map(error -> error.get("field").asString()))
                .containsExactly("attachments[0]");
        assertThat(afterAnAcceptedFile
                        .get("errors")
                        .valueStream()
                        .map(error -> error.get("field").asString()))
                .containsExactly("attachments[1]");
        assertThat(blobFiles()).isEqualTo(before);
    }

    // ---------------------------------------------------------------- SLA

    static Stream<Arguments> lateViews() {
        return Stream.of(
                arguments(ana, "late", List.of(101L)),
                arguments(ana, "late?department=billing", List.of()),
                arguments(bea, "late", List.of(102L)),
                arguments(admin, "late", List.of(102L, 101L)),
                arguments(admin, "late?order=desc", List.of(101L, 102L)),
                arguments(admin, "late?limit=1", List.of(102L)),
                arguments(readerKey, "late", List.of(102L, 101L)),
                arguments(admin, "all?sort=slaDue", List.of(102L, 101L, 103L, 104L, 105L, 106L)),
                arguments(admin, "all?sort=slaDue&order=desc", List.of(103L, 101L, 102L, 106L, 105L, 104L)));
    }

    @ParameterizedTest(name = "{0} in view {1} sees {2}")
    @MethodSource("lateViews")
    void shouldListLateTicketsAndSortBySlaDueWithinWhatTheCallerMaySee(As caller, String view, List<Long> numbers) {
        assertThat(numbers(ok(get(caller, STAFF + "/views/" + view)))).isEqualTo(numbers);
    }

    @Test
    void shouldPageTheLateViewWithItsCursor() {
        JsonNode first = ok(get(admin, STAFF + "/views/late?limit=1"));
        JsonNode second = ok(get(
                admin,
                STAFF + "/views/late?limit=1&cursor=" + first.get("nextCursor").asString()));

        assertThat(numbers(first)).containsExactly(102L);
        assertThat(numbers(second)).containsExactly(101L);
        assertThat(second.get("nextCursor").isNull()).isTrue();
        assertThat(second.get("total").asLong()).isEqualTo(2);
    }

    @Test
    void shouldShowStaffTheTicketsSlaWithTheTimeLeftFrozenWhilePaused() {
        JsonNode sla = ok(get(admin, STAFF + "/tickets/t-101")).get("sla");

        assertThat(sla).isEqualTo(json("""
                        {"policyId": "gold", "policyName": "Gold", "policyRevision": 1, "paused": true, "late": true,
                         "targets": [
                          {"metric": "FIRST_RESPONSE", "state": "breached", "dueAt": "2026-03-02T12:00:00Z",
                           "warnAt": "2026-03-02T11:12:00Z", "warnedAt": "2026-03-02T11:12:00Z",
                           "breachedAt": "2026-03-02T12:00:00Z", "metAt": null, "metLate": null,
                           "pausedAt": "2026-03-02T14:00:00Z", "clearedAt": null, "targetStatusId": null,
                           "businessTime": true, "remainingBusinessMillis": -7200000},
                          {"metric": "RESOLUTION", "state": "paused", "dueAt": "2026-03-03T08:00:00Z",
                           "warnAt": "2026-03-03T03:12:00Z", "warnedAt": null, "breachedAt": null, "metAt": null,
                           "metLate": null, "pausedAt": "2026-03-02T14:00:00Z", "clearedAt": null,
                           "targetStatusId": null, "businessTime": false, "remainingBusinessMillis": 64800000}]}
                        """));
        assertThat(ok(get(admin, STAFF + "/tickets/t-106")).get("sla").isNull()).isTrue();
    }

    @Test
    void shouldCarryTheNextDueTargetOnEveryRowOfAStaffList() {
        JsonNode row = ok(get(ana, STAFF + "/views/late")).get("items").get(0);

        assertThat(row.get("sla")).isEqualTo(json("""
                        {"metric": "FIRST_RESPONSE", "state": "breached", "dueAt": "2026-03-02T12:00:00Z",
                         "remainingBusinessMillis": -7200000, "late": true}
                        """));
        JsonNode customerRecord = ok(get(admin, STAFF + "/customers/" + BOB + "/tickets?sort=number&order=asc"));
        assertThat(customerRecord
                        .get("items")
                        .valueStream()
                        .map(item -> item.get("number").asLong() + " "
                                + item.get("sla").path("state").asString(""))
                        .toList())
                .containsExactly("102 at_risk", "103 running", "106 ");
    }

    @Test
    void shouldNeverShowACustomerAnythingOfTheSla() {
        for (String path : List.of("/tickets/t-101", "/tickets", "/tickets?status=open")) {
            String raw = get(alice, PORTAL + path)
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(raw)
                    .as(path)
                    .doesNotContain("\"sla\"")
                    .doesNotContain("remainingBusinessMillis")
                    .doesNotContain("breached")
                    .doesNotContain("gold")
                    .contains("t-101");
        }
    }

    @Test
    void shouldStreamEachSlaChangeOfATicketInAndOutOfTheLateViewAndOnItsOwnStream() throws Exception {
        Flux<ServerSentEvent<JsonNode>> lateView = named(
                        stream(bea, STAFF + "/stream?view=late").expectStatus().isOk())
                .cache();
        CompletableFuture<List<ServerSentEvent<JsonNode>>> viewEvents =
                lateView.take(4).collectList().toFuture();
        Flux<ServerSentEvent<JsonNode>> ticketStream = named(stream(admin, STAFF + "/tickets/t-104/stream")
                        .expectStatus()
                        .isOk())
                .cache();
        CompletableFuture<List<ServerSentEvent<JsonNode>>> slaEvents = ticketStream
                .filter(event -> "sla".equals(event.event()))
                .take(3)
                .collectList()
                .toFuture();
        // Alice's own ticket: her portal stream must not even move when its SLA does.
        Flux<ServerSentEvent<JsonNode>> portal =
                named(stream(alice, PORTAL + "/stream").expectStatus().isOk()).cache();
        CompletableFuture<List<ServerSentEvent<JsonNode>>> portalEvents =
                portal.take(3).collectList().toFuture();
        assertThat(lateView.next().block(TIMEOUT).event()).isEqualTo("ready");
        assertThat(ticketStream.next().block(TIMEOUT).event()).isEqualTo("presence");
        assertThat(portal.next().block(TIMEOUT).event()).isEqualTo("ready");

        // One record at a time, each applied before the next, so each is one change.
        Instant warnAt = SeededTickets.SLA_START.plus(Duration.ofHours(1));
        Instant dueAt = SeededTickets.SLA_START.plus(Duration.ofHours(2));
        tickets.publish(
                SlaEventFixtures.targetsSet("t-104", SlaMetric.FIRST_RESPONSE, SeededTickets.SLA_START, warnAt, dueAt));
        awaitSlaState("t-104", "running");
        tickets.publish(SlaEventFixtures.warning("t-104", SlaMetric.FIRST_RESPONSE, warnAt, dueAt));
        awaitSlaState("t-104", "at_risk");
        tickets.publish(SlaEventFixtures.met("t-104", SlaMetric.FIRST_RESPONSE, warnAt.plusSeconds(60), 3_540_000L));

        assertThat(viewEvents.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .extracting(event -> event.event() + " " + event.id() + " inView="
                        + event.data().path("inView").asString() + " sla="
                        + event.data().path("ticket").path("sla").path("state").asString("none"))
                .containsExactly(
                        "ready null inView= sla=none",
                        "ticket t-104:1 inView=false sla=running",
                        "ticket t-104:1 inView=true sla=at_risk",
                        // Every target met: nothing due any more.
                        "ticket t-104:1 inView=false sla=none");
        // The time left of a target still running counts from now; once met it is the one at the time.
        assertThat(slaEvents.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .extracting(event -> event.data().get("targets").get(0))
                .extracting(target -> target.get("state").asString() + " "
                        + (target.get("state").asString().equals("met")
                                ? target.get("remainingBusinessMillis").asString()
                                : target.get("dueAt").asString()))
                .containsExactly("running " + dueAt, "at_risk " + dueAt, "met 3540000");

        // Then a reply she sees: the first thing her stream tells after 'ready'.
        Ticket answered = SeededTickets.ticket(104, "billing", ALICE, "New billing address")
                .setVersion(2)
                .setUpdatedAt(Instant.parse("2026-03-02T10:00:00Z"))
                .setMessageCount(2)
                .build();
        tickets.publish(SeededTickets.reply(answered, 2, SeededTickets.BEA, "Your new address is on file."));
        tickets.publish(answered);
        assertThat(portalEvents.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .extracting(event -> switch (event.event()) {
                    case "message" -> "message " + event.data().get("text").asString();
                    case "ticket" -> "ticket " + event.data().get("ticketId").asString();
                    default -> event.event();
                })
                .containsExactly("ready", "message Your new address is on file.", "ticket t-104");
    }

    /** Waits until the admin sees the ticket's first SLA target in this state. */
    private static void awaitSlaState(String ticketId, String state) {
        Awaitility.await()
                .atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(ok(get(admin, STAFF + "/tickets/" + ticketId))
                                .path("sla")
                                .path("targets")
                                .path(0)
                                .path("state")
                                .asString(""))
                        .isEqualTo(state));
    }

    // ---------------------------------------------------------------- live streams

    @Test
    void shouldNeverStreamAChangeOfATicketTheCallerMayNotSeeNorANoteToTheCustomer() throws Exception {
        Flux<ServerSentEvent<JsonNode>> anaEvents = named(
                        stream(ana, STAFF + "/stream?view=all").expectStatus().isOk())
                .cache();
        Flux<ServerSentEvent<JsonNode>> aliceEvents =
                named(stream(alice, PORTAL + "/stream").expectStatus().isOk()).cache();
        CompletableFuture<List<ServerSentEvent<JsonNode>>> anaView =
                anaEvents.take(3).collectList().toFuture();
        CompletableFuture<List<ServerSentEvent<JsonNode>>> alicePortal =
                aliceEvents.take(3).collectList().toFuture();
        // Each stream says 'ready' once it is live: nothing changes before both are.
        assertThat(anaEvents.next().block(TIMEOUT).event()).isEqualTo("ready");
        assertThat(aliceEvents.next().block(TIMEOUT).event()).isEqualTo("ready");

        // First a change that neither may see: Bob's ticket in billing, applied before the next.
        Ticket forbidden = SeededTickets.ticket(106, "billing", BOB, "Payment method")
                .setVersion(3)
                .setUpdatedAt(Instant.parse("2026-03-02T09:00:00Z"))
                .setMessageCount(2)
                .setNoteCount(1)
                .build();
        tickets.publish(
                SeededTickets.reply(forbidden, 2, SeededTickets.BEA, "Bank transfer is set up for your account."));
        tickets.publish(
                SeededTickets.note(forbidden, 3, SeededTickets.BEA, "Watch for chargebacks: pomegranate.", List.of()));
        tickets.publish(forbidden);
        awaitConversation("t-106", 3, 3);

        // Then Alice's ticket in support, one record at a time so each is one change.
        Ticket allowed = SeededTickets.ticket(105, "support", ALICE, "DNS record missing")
                .setVersion(3)
                .setUpdatedAt(Instant.parse("2026-03-02T09:05:00Z"))
                .setMessageCount(2)
                .setNoteCount(1)
                .build();
        tickets.publish(SeededTickets.reply(allowed, 2, SeededTickets.ANA, "The MX record is back."));
        awaitConversation("t-105", 2, 1);
        tickets.publish(
                SeededTickets.note(allowed, 3, SeededTickets.ANA, "Registrar lost it, code tamarind.", List.of()));
        awaitConversation("t-105", 3, 1);
        tickets.publish(allowed);

        List<ServerSentEvent<JsonNode>> staff = anaView.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        List<ServerSentEvent<JsonNode>> customer = alicePortal.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        assertThat(staff)
                .extracting(event -> event.event() + " " + event.id() + " inView="
                        + event.data().path("inView").asString())
                .containsExactly(
                        "ready null inView=",
                        // The reply and the note may come with the old snapshot: shown once.
                        "ticket t-105:1 inView=true",
                        "ticket t-105:3 inView=true");
        assertThat(customer)
                .extracting(event -> switch (event.event()) {
                    case "message" ->
                        "message " + event.data().get("eventId").asString() + " "
                                + event.data().get("text").asString();
                    case "ticket" ->
                        "ticket " + event.data().get("ticketId").asString() + " "
                                + event.data().get("status").asString();
                    default -> event.event() + " " + event.data();
                })
                .containsExactly("ready {}", "message t-105-e2 The MX record is back.", "ticket t-105 open");
        // The note and the snapshot after it change nothing the customer sees: no event for them.
        assertThat(customer).noneMatch(event -> event.data().toString().contains("tamarind"));
    }

    @Test
    void shouldShowAnAgentOnTheTicketWhoElseIsViewingOrReplying() {
        Flux<List<String>> presence = stream(ana, STAFF + "/tickets/t-103/stream")
                .expectStatus()
                .isOk()
                .returnResult(EVENTS)
                .getResponseBody()
                .filter(event -> "presence".equals(event.event()))
                .map(event -> event.data()
                        .valueStream()
                        .map(viewer -> viewer.get("agentId").asString() + " "
                                + viewer.get("activity").asString())
                        .toList());

        StepVerifier.create(presence)
                // At once, before her own beat went round the presence topic: nobody.
                .expectNext(List.of())
                .expectNext(List.of("ana VIEWING"))
                .then(() -> post(admin, STAFF + "/tickets/t-103/presence", "{\"activity\":\"REPLYING\"}")
                        .expectStatus()
                        .isOk())
                .expectNext(List.of("admin REPLYING", "ana VIEWING"))
                .thenCancel()
                .verify(TIMEOUT);
    }

    @Test
    void shouldEndAStreamWhenItsTokenExpires() {
        As shortLived = As.bearer("ana, token of 2 s", TestTokens.staff(gateway, "ana", Duration.ofSeconds(2)));

        StepVerifier.create(named(stream(shortLived, STAFF + "/stream?view=all")
                        .expectStatus()
                        .isOk()))
                .expectNextMatches(event -> "ready".equals(event.event()))
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void shouldEndAStreamWhenItsApiKeyIsDisabled() {
        writeApiKey("revoked-later", "hs_revoked_later_secret", Caller.SCOPE_TICKETS_READ);
        As key = As.apiKey("API key disabled while streaming", "hs_revoked_later_secret");

        StepVerifier.create(named(
                        stream(key, STAFF + "/stream?view=all").expectStatus().isOk()))
                .expectNextMatches(event -> "ready".equals(event.event()))
                .then(() -> writeApiKey("revoked-later", "hs_revoked_later_secret", false, Caller.SCOPE_TICKETS_READ))
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void shouldKeepAnAgentReplyingWhileItsTicketStreamBeats() {
        Flux<List<String>> anasView = presenceOf(stream(ana, STAFF + "/tickets/t-105/stream"));
        Flux<List<String>> adminsOwn = presenceOf(stream(admin, STAFF + "/tickets/t-105/stream"));
        reactor.core.Disposable adminOnTicket = adminsOwn.subscribe();
        try {
            // Both streams open at once: either agent's first beat may be announced before the other's.
            StepVerifier.create(anasView.filter(
                                    viewers -> viewers.stream().anyMatch(viewer -> viewer.startsWith("ana "))
                                            && viewers.stream().anyMatch(viewer -> viewer.startsWith("admin ")))
                            .distinctUntilChanged())
                    // Replying agents first, then by display name ("Ana Agent" before the admin's).
                    .expectNext(List.of("ana VIEWING", "admin VIEWING"))
                    .then(() -> post(admin, STAFF + "/tickets/t-105/presence", "{\"activity\":\"REPLYING\"}")
                            .expectStatus()
                            .isOk())
                    .expectNext(List.of("admin REPLYING", "ana VIEWING"))
                    // Admin's stream beats every second (TTL 2 s): replying must survive them.
                    .expectNoEvent(Duration.ofSeconds(3))
                    .thenCancel()
                    .verify(TIMEOUT);
        } finally {
            adminOnTicket.dispose();
        }
    }

    /** The viewer lists a ticket stream announces, as "agent ACTIVITY". */
    private static Flux<List<String>> presenceOf(WebTestClient.ResponseSpec stream) {
        return named(stream.expectStatus().isOk())
                .filter(event -> "presence".equals(event.event()))
                .map(event -> event.data()
                        .valueStream()
                        .map(viewer -> viewer.get("agentId").asString() + " "
                                + viewer.get("activity").asString())
                        .toList());
    }

    // ---------------------------------------------------------------- helpers

    private static void writeApiKey(String id, String secret, String... scopes) {
        writeApiKey(id, secret, true, scopes);
    }

    private static void writeConfig(ConfigEntity entity) {
        ConfigView config = gateway.getBean(ConfigView.class);
        gateway.getBean(ConfigWriter.class)
                .write(entity)
                .flatMap(config::awaitApplied)
                .block(TIMEOUT);
    }

    private static void writeApiKey(String id, String secret, boolean enabled, String... scopes) {
        ApiKey key = ApiKey.newBuilder()
                .setName(id)
                .setKeyHash(SeededTickets.sha256(secret.getBytes(StandardCharsets.UTF_8)))
                .setEnabled(enabled)
                .setScopes(List.of(scopes))
                .build();
        ConfigEntity entity = ConfigEntity.newBuilder()
                .setEntityType(ConfigEntityType.API_KEY)
                .setId(id)
                .setRevision(1)
                .setUpdatedAt(Instant.now())
                .setUpdatedBy(new Actor(ActorKind.SYSTEM, "tickets-it", null, null))
                .setPayload(key)
                .build();
        ConfigView config = gateway.getBean(ConfigView.class);
        gateway.getBean(ConfigWriter.class)
                .write(entity)
                .flatMap(config::awaitApplied)
                .block(TIMEOUT);
    }

    /** Waits until the admin sees the ticket at {@code version} with {@code entries} entries. */
    private static void awaitConversation(String ticketId, int entries, long version) {
        Awaitility.await().atMost(TIMEOUT).untilAsserted(() -> {
            JsonNode body = get(admin, STAFF + "/tickets/" + ticketId)
                    .expectStatus()
                    .isOk()
                    .expectBody(JsonNode.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(body.get("ticket").get("version").asLong()).isEqualTo(version);
            assertThat(body.get("conversation").size()).isEqualTo(entries);
        });
    }

    private static WebTestClient.ResponseSpec get(As caller, String uri) {
        return send(caller, HttpMethod.GET, uri, null, null);
    }

    private static WebTestClient.ResponseSpec post(As caller, String uri, String body) {
        return send(caller, HttpMethod.POST, uri, body, null);
    }

    private static WebTestClient.ResponseSpec send(
            As caller, HttpMethod method, String uri, String body, String ifMatch) {
        WebTestClient.RequestBodySpec request =
                http.method(method).uri(uri).headers(headers -> caller.headers().forEach(headers::set));
        if (ifMatch != null) {
            request = request.header(HttpHeaders.IF_MATCH, ifMatch);
        }
        if (body == null) {
            return request.exchange();
        }
        return request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private static WebTestClient.ResponseSpec stream(As caller, String uri) {
        return http.get()
                .uri(uri)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .headers(headers -> caller.headers().forEach(headers::set))
                .exchange();
    }

    /** The events of a stream, keep-alive comments left out. */
    private static Flux<ServerSentEvent<JsonNode>> named(WebTestClient.ResponseSpec stream) {
        return stream.returnResult(EVENTS).getResponseBody().filter(event -> event.event() != null);
    }

    private static JsonNode ok(WebTestClient.ResponseSpec response) {
        return response.expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    /** Checks the answer is an RFC 9457 problem of this status, and returns it. */
    private static JsonNode problem(WebTestClient.ResponseSpec response, int status) {
        return problem(response, status, TITLES.get(status));
    }

    private static JsonNode problem(WebTestClient.ResponseSpec response, int status, String title) {
        JsonNode problem = response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isEqualTo(title);
        return problem;
    }

    private static List<Long> numbers(JsonNode page) {
        return page.get("items")
                .valueStream()
                .map(item -> item.get("number").asLong())
                .toList();
    }

    private static JsonNode json(String text) {
        return JsonMapper.builder().build().readTree(text);
    }

    private static MultipartBodyBuilder form() {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("subject", "Screenshot of the error");
        form.part("text", "See the attached files.");
        return form;
    }

    private static Resource file(String fileName, byte[] bytes) {
        return new ByteArrayResource(bytes) {
            @Override
            public String getFilename() {
                return fileName;
            }
        };
    }

    private static WebTestClient.ResponseSpec upload(MultipartBodyBuilder form) {
        return http.post()
                .uri(PORTAL + "/tickets")
                .headers(headers -> alice.headers().forEach(headers::set))
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(form.build()))
                .exchange();
    }

    /** The head of a PNG file: its signature and header chunk, enough for content sniffing. */
    private static byte[] png() {
        return new byte[] {
            (byte) 0x89,
            'P',
            'N',
            'G',
            '\r',
            '\n',
            0x1a,
            '\n',
            0,
            0,
            0,
            13,
            'I',
            'H',
            'D',
            'R',
            0,
            0,
            0,
            1,
            0,
            0,
            0,
            1,
            8,
            6,
            0,
            0,
            0,
            0x1f,
            0x15,
            (byte) 0xc4,
            (byte) 0x89
        };
    }

    /** Every file under the blob store's root, staging included. */
    private static List<Path> blobFiles() throws Exception {
        try (Stream<Path> files = Files.walk(blobDirectory)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
