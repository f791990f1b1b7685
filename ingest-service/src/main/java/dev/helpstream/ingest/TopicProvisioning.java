package dev.helpstream.ingest;

import dev.helpstream.schema.topic.TopicProvisioner;
import dev.helpstream.schema.topic.Topics;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Creates the catalogue's missing topics at startup, before the config reader and the web server
 * start: this service may be the first process to reach a new cluster. Idempotent, like every
 * other process's provisioning.
 */
@Component
class TopicProvisioning implements SmartInitializingSingleton {

    private final Admin admin;
    private final IngestProperties properties;
    private TopicProvisioner.Result result;

    TopicProvisioning(Admin admin, IngestProperties properties) {
        this.admin = admin;
        this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
        result = new TopicProvisioner(
                        admin,
                        (short) properties.topics().replicationFactor(),
                        properties.topics().partitions())
                .provision(Topics.all(), Duration.ofSeconds(60));
    }

    /** What the provisioning at startup did. */
    TopicProvisioner.Result result() {
        return result;
    }
}
