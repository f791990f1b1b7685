package dev.helpstream.routing.topology;

import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.ids.ConfigKeys;
import dev.helpstream.schema.topic.Topic;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The routing topology on a {@link TopologyTestDriver} with a fixed start instant, and topic helpers. */
final class RoutingDriver implements AutoCloseable {

    private final TopologyTestDriver driver;
    private final TestInputTopic<String, ConfigEntity> config;
    private final Instant start;

    RoutingDriver(String applicationId, Instant start) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        this.driver = new TopologyTestDriver(RoutingTopology.build(RoutingTopology.Settings.defaults()), props, start);
        this.start = start;
        this.config = input(dev.helpstream.schema.topic.Topics.CONFIG);
    }

    TopologyTestDriver driver() {
        return driver;
    }

    <V> TestInputTopic<String, V> input(Topic<String, V> topic) {
        return driver.createInputTopic(
                topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
        return driver.createOutputTopic(
                topic.name(),
                topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
    }

    /** Saves a configuration entity as the admin API would. */
    void configure(ConfigEntityType type, String id, Object payload) {
        config.pipeInput(
                ConfigKeys.key(type, id),
                ConfigEntity.newBuilder()
                        .setEntityType(type)
                        .setId(id)
                        .setRevision(1)
                        .setUpdatedAt(start)
                        .setUpdatedBy(new Actor(ActorKind.ADMIN, "admin", null, null))
                        .setPayload(payload)
                        .build());
    }

    /** Deletes a configuration entity (a tombstone on the compacted topic). */
    void unconfigure(ConfigEntityType type, String id) {
        config.pipeInput(ConfigKeys.key(type, id), null);
    }

    @Override
    public void close() {
        driver.close();
    }
}
