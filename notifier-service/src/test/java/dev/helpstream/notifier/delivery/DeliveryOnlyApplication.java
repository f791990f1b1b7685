package dev.helpstream.notifier.delivery;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * The notifier with its deliverers only, as the integration tests run it: the deliverers must work
 * without the planner (they meet only on topics). Not a component on purpose, so that the whole
 * application's component scan never picks it up.
 */
@EnableAutoConfiguration
@Import(DeliveryConfiguration.class)
@EnableConfigurationProperties({DeliveryProperties.class, KafkaConnection.class})
class DeliveryOnlyApplication {

    static ConfigurableApplicationContext run(String... args) {
        return new SpringApplicationBuilder(DeliveryOnlyApplication.class)
                .properties("spring.config.name=notifier-service")
                .run(args);
    }
}
