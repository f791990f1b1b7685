package dev.helpstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;

/** Bad settings stop the start with the property and the reason, before any Kafka client exists. */
class GatewayPropertiesIT {

    @Test
    void shouldRefuseToStartWithoutKafkaBootstrapServers() {
        assertThatThrownBy(() ->
                        ApiGatewayApplication.builder().run("--server.port=0", "--helpstream.kafka.bootstrap-servers="))
                .rootCause()
                .isInstanceOf(BindValidationException.class)
                .satisfies(error -> assertThat(error.getMessage())
                        .contains("helpstream.kafka.bootstrapServers")
                        .contains("must name the Kafka cluster (set KAFKA_BOOTSTRAP_SERVERS)"));
    }

    @Test
    void shouldRefuseAStartupTimeoutOutOfRange() {
        assertThatThrownBy(() -> ApiGatewayApplication.builder()
                        .run(
                                "--server.port=0",
                                "--helpstream.kafka.bootstrap-servers=127.0.0.1:1",
                                "--helpstream.kafka.startup-timeout=0s"))
                .rootCause()
                .isInstanceOf(BindValidationException.class)
                .satisfies(error -> assertThat(error.getMessage())
                        .contains("helpstream.kafka.startupTimeoutInRange")
                        .contains("must be between 1s and 10m"));
    }

    @Test
    void shouldReadItsOwnConfigFileNotApplicationYml() {
        assertThat(ApiGatewayApplication.class.getResource("/api-gateway.yml")).isNotNull();
        assertThat(ApiGatewayApplication.class.getResource("/application.yml")).isNull();
    }
}
