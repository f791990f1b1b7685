package dev.helpstream.support.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.ids.ConfigKeys;
import dev.helpstream.schema.serde.SingleObjectAvroSerdes;
import dev.helpstream.support.config.ConfigEntities;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AttachmentPolicyTest {

    @BeforeAll
    static void trustTheGeneratedClasses() {
        // Avro fills the settings' record-typed defaults only for trusted classes; loading the serdes
        // trusts Helpstream's, as in every service.
        SingleObjectAvroSerdes.instance();
    }

    @Test
    void shouldTakeTheLimitAndExtensionsFromTheSettings() {
        AttachmentPolicy policy = AttachmentPolicy.of(settings(2048, "pdf", "PNG"));

        assertThat(policy).isEqualTo(new AttachmentPolicy(2048, List.of("pdf", "PNG")));
        assertThat(policy.enabled()).isTrue();
        assertThat(policy.allows("png")).isTrue();
        assertThat(policy.allows("pdf")).isTrue();
        assertThat(policy.allows("jpg")).isFalse();
        assertThat(policy.allows("")).isFalse();
    }

    @Test
    void shouldUseTheDefaultWhileNoSettingsAreSaved() {
        assertThat(AttachmentPolicy.of(Optional.empty())).isEqualTo(AttachmentPolicy.DEFAULT);
        assertThat(AttachmentPolicy.of(ConfigEntities.EMPTY)).isEqualTo(AttachmentPolicy.DEFAULT);
        assertThat(AttachmentPolicy.DEFAULT)
                .isEqualTo(
                        new AttachmentPolicy(10_485_760, List.of("jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx")));
    }

    @Test
    void shouldReadTheSettingsEntityOfAConfiguration() {
        ConfigEntities config = ConfigEntities.of(List.of(ConfigEntity.newBuilder()
                .setEntityType(ConfigEntityType.HELPDESK_SETTINGS)
                .setId(ConfigKeys.SETTINGS_ID)
                .setRevision(1)
                .setUpdatedAt(Instant.parse("2026-01-01T00:00:00Z"))
                .setUpdatedBy(Actor.newBuilder()
                        .setKind(ActorKind.ADMIN)
                        .setId("admin-1")
                        .build())
                .setPayload(settings(0))
                .build()));

        AttachmentPolicy policy = AttachmentPolicy.of(config);

        assertThat(policy).isEqualTo(new AttachmentPolicy(0, List.of()));
        assertThat(policy.enabled()).isFalse();
    }

    @Test
    void shouldAllowEveryExtensionWhenTheListIsEmpty() {
        AttachmentPolicy policy = new AttachmentPolicy(1, List.of());

        assertThat(policy.allows("exe")).isTrue();
        assertThat(policy.allows("")).isTrue();
    }

    private static HelpdeskSettings settings(long maxBytes, String... extensions) {
        return HelpdeskSettings.newBuilder()
                .setMaxAttachmentBytes(maxBytes)
                .setAllowedAttachmentExtensions(List.of(extensions))
                .build();
    }
}
