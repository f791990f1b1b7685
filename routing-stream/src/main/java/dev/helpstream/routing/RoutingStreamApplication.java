package dev.helpstream.routing;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * routing-stream: the ticket aggregate as a Kafka Streams application (exactly-once v2), with
 * health, metrics and dead letters. Runs on its own ({@code java -jar}) or inside the all-in-one
 * launcher, which uses {@link #builder()}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RoutingStreamApplication {

    public static void main(String[] args) {
        builder().run(args);
    }

    /** The application with its own configuration file, {@code routing-stream.yml}. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(RoutingStreamApplication.class)
                .properties("spring.config.name=routing-stream");
    }
}
