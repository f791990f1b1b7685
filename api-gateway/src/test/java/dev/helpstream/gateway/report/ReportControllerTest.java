package dev.helpstream.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockAuthentication;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.springSecurity;

import dev.helpstream.gateway.security.Caller;
import dev.helpstream.gateway.web.ProblemHandling;
import org.junit.jupiter.api.Test;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.web.reactive.result.method.annotation.AuthenticationPrincipalArgumentResolver;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The reports endpoint over HTTP: JSON and CSV, the problems of bad parameters and of callers who may
 * not see a department. Over the in-memory figures of {@link ReportData}; the security chain's URL
 * rules (staff and keys only) are tested with the rest of the staff API.
 */
class ReportControllerTest {

    private static final String PATH = ReportController.PATH;

    private final InMemoryReportFigures figures = ReportData.figures();
    private final WebTestClient client = WebTestClient.bindToController(
                    new ReportController(new Reports(figures, ReportData::config)))
            .controllerAdvice(new ProblemHandling())
            .argumentResolvers(resolvers -> resolvers.addCustomResolver(
                    new AuthenticationPrincipalArgumentResolver(ReactiveAdapterRegistry.getSharedInstance())))
            .apply(springSecurity())
            .configureClient()
            .build();

    @Test
    void shouldAnswerAWeekOfOneDepartmentAsJson() {
        as(ReportData.SUPPORT_AGENT)
                .get()
                .uri(PATH + "?from=2026-03-04&to=2026-03-08&period=week&departmentId=support")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType(MediaType.APPLICATION_JSON)
                .expectBody()
                .json("""
                        {"from":"2026-03-04","to":"2026-03-08","period":"week","rows":[
                          {"departmentId":"support","periodStart":"2026-03-02","from":"2026-03-04","to":"2026-03-08",
                           "opened":3,"closed":3,"reopened":1,"reopenRate":0.3333,
                           "firstResponses":5,"firstResponseP50Seconds":3600,"firstResponseP90Seconds":86000,
                           "resolutions":3,"resolutionP50Seconds":7200,"resolutionP90Seconds":90000,
                           "slaMet":3,"slaBreached":1,"slaCompliancePercent":75.0,
                           "minutesByAgent":{"ana":45,"bea":45},"minutesByCategory":{"":45,"hosting":45},
                           "attachments":3,"attachmentBytes":4000}]}
                        """, true);
    }

    @Test
    void shouldReadAndAddUpTheFiguresOnTheBoundedElasticSchedulerNotTheCallersThread() {
        as(ReportData.ADMIN)
                .get()
                .uri(PATH + "?from=2026-03-04&to=2026-03-08&format=csv")
                .exchange()
                .expectStatus()
                .isOk();

        assertThat(figures.readOn()).startsWith("boundedElastic-");
    }

    @Test
    void shouldShowUndefinedRatesAndPercentilesAsNull() {
        as(ReportData.ADMIN)
                .get()
                .uri(PATH + "?from=2026-03-10&to=2026-03-10&departmentId=legacy")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .json("""
                        {"from":"2026-03-10","to":"2026-03-10","period":"day","rows":[
                          {"departmentId":"legacy","periodStart":"2026-03-10","from":"2026-03-10","to":"2026-03-10",
                           "opened":0,"closed":1,"reopened":0,"reopenRate":0.0,
                           "firstResponses":0,"firstResponseP50Seconds":null,"firstResponseP90Seconds":null,
                           "resolutions":0,"resolutionP50Seconds":null,"resolutionP90Seconds":null,
                           "slaMet":0,"slaBreached":0,"slaCompliancePercent":null,
                           "minutesByAgent":{},"minutesByCategory":{},"attachments":0,"attachmentBytes":0}]}
                        """, true);
    }

    @Test
    void shouldAnswerCsvToAcceptTextCsvAndToFormatCsv() {
        String expected =
                ReportCsv.HEADER + "\r\nsupport,2026-03-09,2026-03-09,2026-03-09,1,0,0,,0,,,0,,,0,0,,,,0,0\r\n";
        for (WebTestClient.RequestHeadersSpec<?> request : java.util.List.of(
                as(ReportData.ADMIN)
                        .get()
                        .uri(PATH + "?from=2026-03-09&to=2026-03-09&departmentId=support")
                        .accept(MediaType.parseMediaType("text/csv")),
                as(ReportData.ADMIN)
                        .get()
                        .uri(PATH + "?from=2026-03-09&to=2026-03-09&departmentId=support&format=csv"))) {
            String body = request.exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .contentType("text/csv;charset=UTF-8")
                    .expectHeader()
                    .valueEquals("Content-Disposition", "attachment; filename=\"report-2026-03-09-2026-03-09-day.csv\"")
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(body).isEqualTo(expected);
        }
    }

    @Test
    void shouldAnswerBadParametersWithAProblemNamingTheFieldsEvenWhenCsvWasAskedFor() {
        as(ReportData.ADMIN)
                .get()
                .uri(PATH + "?from=2026-04-01&to=2026-03-01&period=month")
                .accept(MediaType.parseMediaType("text/csv"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("The report parameters are invalid.")
                .jsonPath("$.errors[0].field")
                .isEqualTo("from")
                .jsonPath("$.errors[0].message")
                .isEqualTo("must not be after to (2026-03-01)")
                .jsonPath("$.errors[1].field")
                .isEqualTo("period")
                .jsonPath("$.errors.length()")
                .isEqualTo(2);
    }

    @Test
    void shouldRefuseAnAgentTheReportsOfAnotherDepartment() {
        as(ReportData.SUPPORT_AGENT)
                .get()
                .uri(PATH + "?from=2026-03-09&to=2026-03-09&departmentId=billing")
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("You may not see the reports of department billing.");
    }

    @Test
    void shouldAnswer503WithRetryAfterWhileTheFiguresAreRead() {
        figures.availability(ReportFigures.Availability.LOADING);

        as(ReportData.ADMIN)
                .get()
                .uri(PATH + "?from=2026-03-09&to=2026-03-09")
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .valueEquals("Retry-After", "1");
    }

    private WebTestClient as(Caller caller) {
        String role = caller.isAdmin() ? "ROLE_ADMIN" : "ROLE_" + caller.kind();
        return client.mutateWith(mockAuthentication(new TestingAuthenticationToken(caller, null, role)));
    }
}
