package dev.helpstream.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.gateway.json.FieldError;
import dev.helpstream.schema.SlaMetric;
import dev.helpstream.schema.config.EmailTemplate;
import dev.helpstream.schema.config.EmailTemplateKind;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.config.SlaPolicy;
import dev.helpstream.schema.config.SlaScope;
import dev.helpstream.schema.config.SlaTarget;
import dev.helpstream.schema.config.Webhook;
import dev.helpstream.schema.serde.SingleObjectAvroSerdes;
import dev.helpstream.support.config.ConfigEntities;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules of the mail settings, email templates and webhook secrets, one payload at a time, as
 * the admin API applies them before a write.
 */
class AdminValidatorTest {

    private static final String DOMAIN_ERROR = "must be a domain name such as helpdesk.example.com (ASCII letters, "
            + "digits, dashes and dots; punycode for international names)";
    private static final String SECRET_REF_ERROR = "must name a secret of the notifier: lower-case letters and "
            + "digits, joined by single dashes, at most 64 characters (never the secret itself)";
    private static final String TEMPLATE_ID = "customer-staff-reply-fr";

    private final AdminValidator validator = new AdminValidator(new AdminProperties(false));

    @BeforeAll
    static void trustTheGeneratedClasses() {
        // Avro builds defaults of nested records only for classes it trusts, as the serdes set up.
        SingleObjectAvroSerdes.instance();
    }

    @Test
    void shouldLowerCaseTheMessageIdDomainBeforeItIsStored() {
        HelpdeskSettings given = HelpdeskSettings.newBuilder()
                .setMessageIdDomain("Mail.Example.COM")
                .build();

        HelpdeskSettings stored = (HelpdeskSettings) AdminValidator.normalized(given);

        assertThat(stored.getMessageIdDomain()).isEqualTo("mail.example.com");
        assertThat(stored)
                .isEqualTo(HelpdeskSettings.newBuilder(given)
                        .setMessageIdDomain("mail.example.com")
                        .build());
        assertThat(settingsErrors(stored)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"helpstream.local", "localhost", "mail-1.example.com", "xn--mnchen-3ya.de", "a.b.c.d.e"})
    void shouldAcceptAMessageIdDomainThatIsADomainName(String domain) {
        assertThat(settingsErrors(
                        HelpdeskSettings.newBuilder().setMessageIdDomain(domain).build()))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "mail..example.com",
                ".example.com",
                "example.com.",
                "-mail.example.com",
                "mail-.example.com",
                "mail_example.com",
                "mail example.com",
                "münchen.de",
                "helpdesk@example.com",
                "192.168.0.1",
                "[127.0.0.1]"
            })
    void shouldRefuseAMessageIdDomainThatIsNoDomainName(String domain) {
        assertThat(settingsErrors(
                        HelpdeskSettings.newBuilder().setMessageIdDomain(domain).build()))
                .containsExactly(new FieldError("messageIdDomain", DOMAIN_ERROR));
    }

    @Test
    void shouldRefuseAMessageIdDomainWithALabelOrANameTooLong() {
        String label63 = "a".repeat(63);
        String longest = String.join(".", label63, label63, label63, "a".repeat(61));

        assertThat(longest).hasSize(253);
        assertThat(settingsErrors(HelpdeskSettings.newBuilder()
                        .setMessageIdDomain(longest)
                        .build()))
                .isEmpty();
        assertThat(settingsErrors(HelpdeskSettings.newBuilder()
                        .setMessageIdDomain(longest + "a")
                        .build()))
                .containsExactly(new FieldError("messageIdDomain", DOMAIN_ERROR));
        assertThat(settingsErrors(HelpdeskSettings.newBuilder()
                        .setMessageIdDomain("a".repeat(64) + ".example.com")
                        .build()))
                .containsExactly(new FieldError("messageIdDomain", DOMAIN_ERROR));
    }

    @Test
    void shouldRefuseABlankMessageIdDomainOnceAsBlank() {
        assertThat(settingsErrors(
                        HelpdeskSettings.newBuilder().setMessageIdDomain(" ").build()))
                .containsExactly(new FieldError("messageIdDomain", "must not be blank"));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 26_214_400, 1L << 30})
    void shouldAcceptAMaxEmailSizeFromOneByteToOneGibibyte(long bytes) {
        assertThat(settingsErrors(
                        HelpdeskSettings.newBuilder().setMaxEmailBytes(bytes).build()))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, (1L << 30) + 1, Long.MAX_VALUE})
    void shouldRefuseAMaxEmailSizeOfNothingOrOverOneGibibyte(long bytes) {
        assertThat(settingsErrors(
                        HelpdeskSettings.newBuilder().setMaxEmailBytes(bytes).build()))
                .containsExactly(new FieldError("maxEmailBytes", "must be between 1 and 1073741824 (1 GiB)"));
    }

    @Test
    void shouldAcceptAnEmailTemplateStoredUnderItsKindAndLanguageWithWellFormedPlaceholders() {
        EmailTemplate template = template(
                "[{{helpdesk.name}}] Réponse à {{ticket.subject}}",
                "Bonjour {{ customer.name }},\n\n{{reply.text}}\n\n{{signature}}",
                "<style>@media print{p{margin:0}}</style><p>{{reply.html}}</p>");

        assertThat(validator.validate(TEMPLATE_ID, template, ConfigEntities.EMPTY))
                .isEmpty();
    }

    @Test
    void shouldRefuseAnEmailTemplateOfUnknownKindBadLanguageOrBlankSubjectAndText() {
        EmailTemplate template = EmailTemplate.newBuilder()
                .setKind(EmailTemplateKind.UNKNOWN)
                .setLanguage("français")
                .setSubject(" ")
                .setText("")
                .build();

        List<FieldError> errors = validator.validate("unknown-français", template, ConfigEntities.EMPTY);

        assertThat(errors).extracting(FieldError::field).containsExactly("kind", "subject", "text", "language", "id");
        assertThat(errors.get(0).message()).startsWith("must be one of [CUSTOMER_TICKET_OPENED, ");
        assertThat(errors.get(0).message()).doesNotContain("UNKNOWN");
        assertThat(errors.subList(1, 5))
                .containsExactly(
                        new FieldError("subject", "must not be blank"),
                        new FieldError("text", "must not be blank"),
                        new FieldError("language", "must be a BCP 47 language tag such as en or pt-BR"),
                        new FieldError(
                                "id",
                                "must be 'unknown-francais', the kind and language: one template per kind and "
                                        + "language"));
    }

    @Test
    void shouldRefuseAnEmailTemplateStoredUnderAnotherIdThanItsKindAndLanguage() {
        EmailTemplate template = template("Réponse", "Bonjour", null);

        assertThat(validator.validate("customer-staff-reply-en", template, ConfigEntities.EMPTY))
                .containsExactly(new FieldError(
                        "id",
                        "must be 'customer-staff-reply-fr', the kind and language: one template per kind and "
                                + "language"));
        assertThat(validator.validate("CUSTOMER_STAFF_REPLY.fr", template, ConfigEntities.EMPTY))
                .hasSize(1);
        assertThat(validator.validate(
                        "customer-staff-reply-pt-br", template("Resposta", "Olá", null, "pt-BR"), ConfigEntities.EMPTY))
                .isEmpty();
    }

    @Test
    void shouldRefuseAnUnclosedPlaceholderInEachPartOfATemplate() {
        EmailTemplate template = template("Re: {{ticket.subject", "Hello {{customer.name}", "<p>{{reply.html</p>");

        assertThat(validator.validate(TEMPLATE_ID, template, ConfigEntities.EMPTY))
                .containsExactly(
                        new FieldError("subject", "has a '{{' at 4 that no '}}' closes"),
                        new FieldError("text", "has a '{{' at 6 that no '}}' closes"),
                        new FieldError("html", "has a '{{' at 3 that no '}}' closes"));
    }

    @Test
    void shouldRefuseAClosingBracePairWithoutItsOpeningInTheSubjectAndText() {
        EmailTemplate template = template("Re: ticket.subject}}", "{{customer.name}} }}", "<p>a{b{c}}</p>");

        assertThat(validator.validate(TEMPLATE_ID, template, ConfigEntities.EMPTY))
                .containsExactly(
                        new FieldError("subject", "has a '}}' at 18 that no '{{' opens"),
                        new FieldError("text", "has a '}}' at 18 that no '{{' opens"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{{}}",
                "{{ }}",
                "{{ticket number}}",
                "{{Ticket.number}}",
                "{{ticket_number}}",
                "{{ticket.}}",
                "{{.ticket}}",
                "{{ticket..number}}",
                "{{ticket1}}",
                "{{{ticket.number}}}",
                "{{a{{b}}"
            })
    void shouldRefuseAPlaceholderWhoseNameIsNotLowerCaseWordsJoinedByDots(String placeholder) {
        EmailTemplate template = template("Ticket", "Text " + placeholder, null);

        List<FieldError> errors = validator.validate(TEMPLATE_ID, template, ConfigEntities.EMPTY);

        assertThat(errors).extracting(FieldError::field).containsExactly("text");
        assertThat(errors.get(0).message())
                .startsWith("has a malformed placeholder '{{")
                .endsWith("' at 5: names are lower-case words joined by dots, such as {{ticket.number}}");
    }

    @Test
    void shouldRequireEveryWebhookToNameItsSigningSecret() {
        Webhook unsigned = webhook(null);

        assertThat(validator.validate("ops", unsigned, ConfigEntities.EMPTY))
                .containsExactly(new FieldError(
                        "secretRef",
                        "is required: every delivery is signed with the notifier's secret "
                                + "helpstream.delivery.webhook-secrets.<secretRef>"));
        assertThat(validator.validate("ops", webhook("ops-slack-2"), ConfigEntities.EMPTY))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "vault:ops", "Ops", "ops_slack", "ops--slack", "-ops", "ops-", "s3cr3t/+=="})
    void shouldRefuseASecretReferenceThatCannotNameASecretOfTheNotifier(String secretRef) {
        assertThat(validator.validate("ops", webhook(secretRef), ConfigEntities.EMPTY))
                .containsExactly(new FieldError("secretRef", SECRET_REF_ERROR));
    }

    @Test
    void shouldRefuseASecretReferenceLongerThanSixtyFourCharacters() {
        assertThat(validator.validate("ops", webhook("a".repeat(64)), ConfigEntities.EMPTY))
                .isEmpty();
        assertThat(validator.validate("ops", webhook("a".repeat(65)), ConfigEntities.EMPTY))
                .containsExactly(new FieldError("secretRef", SECRET_REF_ERROR));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 60, 5_256_000})
    void shouldAcceptAnSlaTargetFromOneMinuteToTenYears(int minutes) {
        assertThat(validator.validate("p", policy(minutes), ConfigEntities.EMPTY))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {5_256_001, Integer.MAX_VALUE})
    void shouldRefuseAnSlaTargetLongerThanTenYears(int minutes) {
        assertThat(validator.validate("p", policy(minutes), ConfigEntities.EMPTY))
                .containsExactly(new FieldError(
                        "targets[0].durationMinutes",
                        "must be at most 5256000 (ten years); leave the target out for none"));
    }

    private static SlaPolicy policy(int firstResponseMinutes) {
        return SlaPolicy.newBuilder()
                .setName("P")
                .setOrder(1)
                .setEnabled(true)
                .setScope(SlaScope.newBuilder()
                        .setDepartmentIds(List.of())
                        .setTypeIds(List.of())
                        .setMinimumPriorityId(null)
                        .build())
                .setTargets(List.of(SlaTarget.newBuilder()
                        .setMetric(SlaMetric.FIRST_RESPONSE)
                        .setDurationMinutes(firstResponseMinutes)
                        .setBusinessTime(true)
                        .setStatusId(null)
                        .build()))
                .setWarningPercent(80)
                .setCalendarId(null)
                .setPauseOnStatusIds(List.of())
                .build();
    }

    private List<FieldError> settingsErrors(HelpdeskSettings settings) {
        return validator.validate("helpdesk", settings, ConfigEntities.EMPTY);
    }

    private static EmailTemplate template(String subject, String text, String html) {
        return template(subject, text, html, "fr");
    }

    private static EmailTemplate template(String subject, String text, String html, String language) {
        return EmailTemplate.newBuilder()
                .setKind(EmailTemplateKind.CUSTOMER_STAFF_REPLY)
                .setLanguage(language)
                .setSubject(subject)
                .setText(text)
                .setHtml(html)
                .build();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://10.0.0.5/hook",
                "https://192.168.1.10/hook",
                "https://172.16.0.1/hook",
                "https://169.254.169.254/latest/meta-data",
                "https://100.64.0.1/hook",
                "https://[fd00::1]/hook",
                "https://0.0.0.0/hook"
            })
    void shouldRefuseAWebhookAtAnInternalAddress(String url) {
        assertThat(validator.validate("ops", webhookAt(url), ConfigEntities.EMPTY))
                .containsExactly(new FieldError("url", "must not point at a private, link-local or internal address"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://2130706433/hook", "https://0/hook", "https://0x7f000001/hook"})
    void shouldRefuseAWebhookHostThatIsABareNumber(String url) {
        assertThat(validator.validate("ops", webhookAt(url), ConfigEntities.EMPTY))
                .containsExactly(new FieldError("url", "must name a host, not a bare number"));
    }

    @Test
    void shouldRefuseAnHttpsWebhookOnThisMachineUnlessLoopbackIsAllowed() {
        String loopback = "must not point at this machine (loopback needs helpstream.admin.allow-loopback-webhooks)";
        assertThat(validator.validate("ops", webhookAt("https://127.0.0.1:8443/hook"), ConfigEntities.EMPTY))
                .containsExactly(new FieldError("url", loopback));
        assertThat(validator.validate("ops", webhookAt("https://localhost/hook"), ConfigEntities.EMPTY))
                .containsExactly(new FieldError("url", loopback));
        assertThat(new AdminValidator(new AdminProperties(true))
                        .validate("ops", webhookAt("https://127.0.0.1:8443/hook"), ConfigEntities.EMPTY))
                .isEmpty();
        assertThat(validator.validate("ops", webhookAt("https://203.0.113.7/hook"), ConfigEntities.EMPTY))
                .isEmpty();
    }

    private static Webhook webhookAt(String url) {
        return Webhook.newBuilder(webhook("ops")).setUrl(url).build();
    }

    private static Webhook webhook(String secretRef) {
        return Webhook.newBuilder()
                .setName("Ops")
                .setUrl("https://hooks.example.com/ops")
                .setSecretRef(secretRef)
                .build();
    }
}
