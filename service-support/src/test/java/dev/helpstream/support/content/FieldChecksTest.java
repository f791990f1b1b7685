package dev.helpstream.support.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.Contact;
import dev.helpstream.schema.MessageBody;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldChecksTest {

    private final FieldChecks checks = new FieldChecks();

    @Test
    void shouldReturnTheValuesToWriteWhenEveryFieldPasses() {
        String email = checks.email("email", " Alice@Example.COM ");
        String subject = checks.line("subject", "  Server\r\n down\tagain ", FieldChecks.MAX_SUBJECT);
        MessageBody body = checks.body("body", "<p>It is <b>down</b></p><script>x()</script>", true, 1000);
        List<Contact> cc =
                checks.ccs("cc", List.of("bob@example.com", "BOB@example.com", "alice@example.com"), 5, email);

        assertThat(checks.hasProblems()).isFalse();
        assertThat(checks.problems()).isEmpty();
        assertThat(email).isEqualTo("Alice@example.com");
        assertThat(subject).isEqualTo("Server down again");
        assertThat(body)
                .isEqualTo(MessageBody.newBuilder()
                        .setText("It is down")
                        .setHtml("<p>It is <b>down</b></p>")
                        .build());
        assertThat(cc)
                .containsExactly(
                        Contact.newBuilder().setEmail("bob@example.com").build());
    }

    @Test
    void shouldReportEveryInvalidFieldInTheOrderChecked() {
        checks.email("email", "alice@localhost");
        checks.line("name", "\n\t ", FieldChecks.MAX_NAME);
        checks.line("subject", "x".repeat(256), FieldChecks.MAX_SUBJECT);
        checks.body("body", "<script>alert(1)</script>", true, 1000);
        checks.ccs("cc", Arrays.asList("bob@example.com", "not an address", null), 5, null);
        checks.add("departmentId", "is not a known department");

        assertThat(checks.hasProblems()).isTrue();
        assertThat(checks.problems())
                .containsExactly(
                        new FieldProblem(
                                "email", "is not a valid email address: it has a domain without a top-level domain"),
                        new FieldProblem("name", "is required"),
                        new FieldProblem("subject", "is longer than 255 characters"),
                        new FieldProblem("body", "has no content once unsafe HTML is removed"),
                        new FieldProblem("cc[1]", "is not a valid email address: it must contain exactly one @"),
                        new FieldProblem("cc[2]", "is required"),
                        new FieldProblem("departmentId", "is not a known department"));
    }

    @Test
    void shouldRefuseMissingAndOverlongBodiesBeforeSanitizing() {
        assertThat(checks.body("body", "   ", false, 10)).isNull();
        assertThat(checks.body("body", "x".repeat(11), false, 10)).isNull();
        assertThat(checks.body("body", null, true, 10)).isNull();

        assertThat(checks.problems())
                .containsExactly(
                        new FieldProblem("body", "is required"),
                        new FieldProblem("body", "is longer than 10 characters"),
                        new FieldProblem("body", "is required"));
    }

    @Test
    void shouldCleanAPlainTextBody() {
        assertThat(checks.body("body", "Hello\r\n\r\n\r\n<b>world</b>\u0007", false, 100))
                .isEqualTo(MessageBody.newBuilder()
                        .setText("Hello\n\n<b>world</b>")
                        .build());
        assertThat(checks.problems()).isEmpty();
    }

    @Test
    void shouldRefuseTooManyCcsAsAWhole() {
        List<Contact> cc = checks.ccs("cc", List.of("a@example.com", "b@example.com", "c@example.com"), 2, null);

        assertThat(cc).isEmpty();
        assertThat(checks.problems()).containsExactly(new FieldProblem("cc", "has more than 2 addresses"));
        assertThat(checks.ccs("cc", null, 2, null)).isEmpty();
    }
}
