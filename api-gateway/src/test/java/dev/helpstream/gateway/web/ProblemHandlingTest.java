package dev.helpstream.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.gateway.json.AvroJson;
import dev.helpstream.gateway.json.FieldError;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.serde.SingleObjectAvroSerdes;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.server.authorization.ExceptionTranslationWebFilter;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

class ProblemHandlingTest {

    private static LocalValidatorFactoryBean validator;
    private static WebTestClient http;

    @BeforeAll
    static void start() {
        SingleObjectAvroSerdes.instance();
        validator = new LocalValidatorFactoryBean();
        validator.afterPropertiesSet();
        http = WebTestClient.bindToController(new Endpoints())
                .controllerAdvice(new ProblemHandling())
                .validator(validator)
                .webFilter(new ExceptionTranslationWebFilter())
                .build();
    }

    @AfterAll
    static void stop() {
        validator.close();
    }

    @Test
    void shouldAnswerAnApiProblemWithItsStatusDetailAndThePath() {
        http.get()
                .uri("/problems/missing")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .json("""
                        {"type":"about:blank","title":"Not Found","status":404,
                         "detail":"No department 'billing'.","instance":"/problems/missing"}""", JsonCompareMode.STRICT);
    }

    @Test
    void shouldListTheFieldErrorsOfAnUnprocessableApiProblem() {
        http.get()
                .uri("/problems/unprocessable")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .json("""
                        {"type":"about:blank","title":"Unprocessable Content","status":422,
                         "detail":"The department is invalid.","instance":"/problems/unprocessable",
                         "errors":[{"field":"name","message":"must not be blank"}]}""", JsonCompareMode.STRICT);
    }

    @Test
    void shouldAnswerABodyThatDoesNotFitItsAvroSchemaWith422AndEveryField() {
        http.post()
                .uri("/problems/departments")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":3,\"agentIds\":[\"ana\",null],\"colour\":\"red\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .json("""
                        {"type":"about:blank","title":"Unprocessable Content","status":422,
                         "detail":"The request has invalid fields.","instance":"/problems/departments",
                         "errors":[{"field":"colour","message":"is not a field of Department"},
                                   {"field":"name","message":"must be a string"},
                                   {"field":"agentIds[1]","message":"must not be null"}]}""", JsonCompareMode.STRICT);
    }

    @Test
    void shouldAnswerMalformedJsonWith400AndWhereItBroke() {
        http.post()
                .uri("/problems/departments")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\": \"Billing\",,}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .json("""
                        {"type":"about:blank","title":"Bad Request","status":400,
                         "detail":"The request body is not valid JSON (line 1, column 20).",
                         "instance":"/problems/departments"}""", JsonCompareMode.STRICT);
    }

    @Test
    void shouldAnswerAJsonValueOfTheWrongTypeWith400AtItsField() {
        http.post()
                .uri("/problems/samples")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"x\",\"count\":\"many\"}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .json("""
                        {"type":"about:blank","title":"Bad Request","status":400,
                         "detail":"The request body does not fit its schema.","instance":"/problems/samples",
                         "errors":[{"field":"count","message":"has a value of the wrong type"}]}""", JsonCompareMode.STRICT);
    }

    @Test
    void shouldAnswerABeanValidationFailureWith422AndEveryFieldInOrder() {
        http.post()
                .uri("/problems/samples")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\" \",\"count\":-1}")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
                .expectBody()
                .json("""
                        {"type":"about:blank","title":"Unprocessable Content","status":422,
                         "detail":"The request has invalid fields.","instance":"/problems/samples",
                         "errors":[{"field":"count","message":"must be greater than or equal to 0"},
                                   {"field":"name","message":"must not be blank"}]}""", JsonCompareMode.STRICT);
    }

    @Test
    void shouldAnswerAnInvalidParameterWith422() {
        http.get()
                .uri("/problems/pages?page=0")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
                .expectBody()
                .json("""
                        {"type":"about:blank","title":"Unprocessable Content","status":422,
                         "detail":"The request has invalid parameters.","instance":"/problems/pages",
                         "errors":[{"field":"page","message":"must be greater than or equal to 1"}]}""", JsonCompareMode.STRICT);
    }

    @Test
    void shouldAnswerAConstraintViolationWith422() {
        http.get()
                .uri("/problems/violations")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
                .expectBody()
                .json("""
                        {"status":422,"detail":"The request has invalid fields.",
                         "errors":[{"field":"count","message":"must be greater than or equal to 0"},
                                   {"field":"name","message":"must not be blank"}]}""", JsonCompareMode.LENIENT);
    }

    @Test
    void shouldAnswerAResponseStatusExceptionWithItsStatusAndReason() {
        http.get()
                .uri("/problems/gone")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.GONE)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .json("""
                        {"type":"about:blank","title":"Gone","status":410,
                         "detail":"The export expired.","instance":"/problems/gone"}""", JsonCompareMode.STRICT);
    }

    @Test
    void shouldAnswerAKafkaTimeoutWith503AndRetryAfter() {
        http.get()
                .uri("/problems/slow")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader()
                .valueEquals(HttpHeaders.RETRY_AFTER, "5")
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo(
                        "The event log did not confirm the change in time; it may still take effect. Check, then retry.");
    }

    @Test
    void shouldAnswerAnUnexpectedErrorWith500WithoutItsMessageOrStackTrace() {
        String body = http.get()
                .uri("/problems/broken")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        assertThat(body)
                .isEqualTo("{\"detail\":\"The gateway failed to answer this request; the error is logged.\","
                        + "\"instance\":\"/problems/broken\",\"status\":500,\"title\":\"Internal Server Error\","
                        + "\"type\":\"about:blank\"}")
                .doesNotContain("hunter2");
    }

    @Test
    void shouldLeaveAccessDeniedToSpringSecurity() {
        http.get()
                .uri("/problems/denied")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .exists(HttpHeaders.WWW_AUTHENTICATE);
    }

    @RestController
    @RequestMapping("/problems")
    static class Endpoints {

        @GetMapping("/missing")
        Mono<String> missing() {
            return Mono.error(ApiProblem.notFound("No department 'billing'."));
        }

        @GetMapping("/unprocessable")
        Mono<String> unprocessable() {
            throw ApiProblem.unprocessable(
                    "The department is invalid.", List.of(new FieldError("name", "must not be blank")));
        }

        @PostMapping("/departments")
        Mono<String> department(@RequestBody JsonNode body) {
            return Mono.fromCallable(
                    () -> AvroJson.fromJson(body, Department.class).getName());
        }

        @PostMapping("/samples")
        Mono<String> sample(@Valid @RequestBody Sample sample) {
            return Mono.just(sample.name());
        }

        @GetMapping("/pages")
        Mono<String> page(@RequestParam @Min(1) int page) {
            return Mono.just("page " + page);
        }

        @GetMapping("/violations")
        Mono<String> violations() {
            throw new ConstraintViolationException(validator.validate(new Sample("", -1)));
        }

        @GetMapping("/gone")
        Mono<String> gone() {
            throw new ResponseStatusException(HttpStatus.GONE, "The export expired.");
        }

        @GetMapping("/slow")
        Mono<String> slow() {
            return Mono.<String>never().timeout(Duration.ofMillis(1));
        }

        @GetMapping("/broken")
        Mono<String> broken() {
            throw new IllegalStateException("password=hunter2 at db-7");
        }

        @GetMapping("/denied")
        Mono<String> denied() {
            return Mono.error(new AccessDeniedException("not for you"));
        }
    }

    record Sample(@NotBlank String name, @Min(0) int count) {}
}
