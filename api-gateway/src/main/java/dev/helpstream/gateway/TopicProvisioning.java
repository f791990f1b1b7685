package dev.helpstream.gateway;

import dev.helpstream.schema.topic.TopicProvisioner;
import dev.helpstream.schema.topic.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Creates the catalogue's missing topics once the singletons exist, before any lifecycle bean
 * starts (the demo seeding, the web server): the gateway is the first process the launcher starts
 * and may be the first to reach a new cluster. Idempotent, like every other process's provisioning.
 */
@Component
class TopicProvisioning implements SmartInitializingSingleton {

    private final Admin admin;
    private final GatewayProperties properties;
    private TopicProvisioner.Result result;

    TopicProvisioning(Admin admin, GatewayProperties properties) {
        this.admin = admin;
        this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
        result = new TopicProvisioner(
                        admin,
                        (short) properties.topics().replicationFactor(),
                        properties.topics().partitions())
                .provision(Topics.all(), properties.kafka().startupTimeout());
    }

    /** What the provisioning at startup did. */
    TopicProvisioner.Result result() {
        return result;
    }
}
