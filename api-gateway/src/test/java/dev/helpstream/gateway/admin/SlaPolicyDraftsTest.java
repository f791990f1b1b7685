package dev.helpstream.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.gateway.json.FieldError;
import dev.helpstream.schema.SlaMetric;
import dev.helpstream.schema.serde.SingleObjectAvroSerdes;
import dev.helpstream.support.config.ConfigEntities;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A draft SLA policy read for the what-if as the admin API reads a policy, with its id required. */
class SlaPolicyDraftsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SlaPolicyDrafts drafts = new SlaPolicyDrafts(new AdminValidator(new AdminProperties(false)));

    @BeforeAll
    static void trustGeneratedClasses() {
        SingleObjectAvroSerdes.instance();
    }

    @Test
    void shouldReadAValidDraftWithItsId() {
        SlaPolicyDrafts.Draft draft = drafts.read(
                body("{\"id\": \"gold\", \"name\": \"Gold\", \"order\": 1,"
                        + " \"targets\": [{\"metric\": \"FIRST_RESPONSE\", \"durationMinutes\": 30,"
                        + " \"businessTime\": false}]}"),
                ConfigEntities.EMPTY);

        assertThat(draft.valid()).isTrue();
        assertThat(draft.id()).isEqualTo("gold");
        assertThat(draft.policy().getName()).isEqualTo("Gold");
        assertThat(draft.policy().getTargets().get(0).getMetric()).isEqualTo(SlaMetric.FIRST_RESPONSE);
        assertThat(draft.policy().getWarningPercent()).isEqualTo(80);
    }

    @Test
    void shouldRequireTheIdAndReportTheAdminApisErrors() {
        SlaPolicyDrafts.Draft draft = drafts.read(
                body("{\"name\": \"Gold\", \"order\": 1, \"warningPercent\": 0,"
                        + " \"scope\": {\"departmentIds\": [\"nowhere\"]}}"),
                ConfigEntities.EMPTY);

        assertThat(draft.errors())
                .containsExactly(
                        new FieldError("id", "is required: the policy the draft replaces, or a new one"),
                        new FieldError("warningPercent", "must be between 1 and 99"),
                        new FieldError("scope.departmentIds[0]", "there is no department 'nowhere'"));
    }

    @Test
    void shouldListTheFieldsABodyCannotBeReadFrom() {
        SlaPolicyDrafts.Draft draft =
                drafts.read(body("{\"id\": \"a:b\", \"order\": \"first\"}"), ConfigEntities.EMPTY);

        assertThat(draft.policy()).isNull();
        assertThat(draft.errors()).extracting(FieldError::field).contains("id", "order", "name");
    }

    private static JsonNode body(String json) {
        return JSON.readTree(json);
    }
}
