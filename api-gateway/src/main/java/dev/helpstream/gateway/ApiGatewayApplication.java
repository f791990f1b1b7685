package dev.helpstream.gateway;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The API gateway. Today it is the one writer of {@code helpdesk.config.v1} ({@link ConfigWriter})
 * and, when {@code helpstream.demo.enabled} is set, seeds the demo configuration into an empty
 * config topic ({@link DemoConfiguration}); the REST API, authentication, views and SSE follow.
 *
 * <p>Its configuration file is {@code api-gateway.yml}, not {@code application.yml}, so that the
 * all-in-one launcher can run it in the same JVM as the other services without their settings
 * mixing; {@link #builder()} is the one way to start it, for {@code main}, the launcher and the
 * tests alike.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ApiGatewayApplication {

    /** The application, configured to read {@code api-gateway.yml}; call {@code run(args)}. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(ApiGatewayApplication.class).properties("spring.config.name=api-gateway");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
