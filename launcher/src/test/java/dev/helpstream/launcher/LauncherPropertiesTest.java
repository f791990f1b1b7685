package dev.helpstream.launcher;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** A bad setting stops the start with a message naming the property, before any broker starts. */
class LauncherPropertiesTest {

    @Test
    void shouldRefuseAnEmbeddedClusterOfTwoNodes() {
        assertThatThrownBy(() -> start("helpstream.kafka.embedded.nodes=2"))
                .rootCause()
                .hasMessageContaining("helpstream.kafka.embedded")
                .hasMessageContaining("nodes")
                .hasMessageContaining("must be 1 or 3");
    }

    @Test
    void shouldRefuseANegativePartitionCount() {
        assertThatThrownBy(() -> start("helpstream.topics.partitions=-1"))
                .rootCause()
                .hasMessageContaining("helpstream.topics")
                .hasMessageContaining("partitions")
                .hasMessageContaining("rejected value [-1]");
    }

    private static void start(String property) {
        new SpringApplicationBuilder(HelpstreamLauncher.class)
                .web(WebApplicationType.NONE)
                .run("--" + property)
                .close();
    }
}
