package dev.helpstream.launcher;

import dev.helpstream.schema.topic.TopicProvisioner;
import dev.helpstream.schema.topic.Topics;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Creates the catalogue's missing topics once the context's singletons exist, before the web
 * server opens and before any service starts consuming.
 */
@Component
class TopicProvisioning implements SmartInitializingSingleton {

    private final Admin admin;
    private final KafkaEndpoint endpoint;
    private final LauncherProperties properties;
    private TopicProvisioner.Result result;

    TopicProvisioning(Admin admin, KafkaEndpoint endpoint, LauncherProperties properties) {
        this.admin = admin;
        this.endpoint = endpoint;
        this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
        result = new TopicProvisioner(
                        admin, endpoint.replicationFactor(), properties.topics().partitions())
                .provision(Topics.all(), Duration.ofSeconds(60));
    }

    /** What the provisioning at startup did. */
    TopicProvisioner.Result result() {
        return result;
    }
}
