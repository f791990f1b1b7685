package dev.helpstream.notifier.delivery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;

/**
 * Health of the deliverers as {@code deliveries}: UP while every listener container runs, with each
 * one's group, topic, consumers and assigned partitions; DOWN when one stopped (it failed, or was
 * stopped), because its deliveries then wait.
 */
final class DeliveryListenersHealthIndicator implements HealthIndicator {

    private final List<AbstractMessageListenerContainer<?, ?>> containers;

    DeliveryListenersHealthIndicator(List<AbstractMessageListenerContainer<?, ?>> containers) {
        this.containers = List.copyOf(containers);
    }

    @Override
    public Health health() {
        boolean allRunning = true;
        Health.Builder health = Health.unknown();
        for (AbstractMessageListenerContainer<?, ?> container : containers) {
            Map<String, Object> details = new LinkedHashMap<>();
            boolean running = container.isRunning();
            allRunning &= running;
            details.put("running", running);
            details.put("groupId", container.getGroupId());
            details.put("topics", List.of(container.getContainerProperties().getTopics()));
            details.put("paused", container.isContainerPaused());
            details.put(
                    "assignedPartitions",
                    container.getAssignedPartitions() == null
                            ? List.of()
                            : container.getAssignedPartitions().stream()
                                    .map(TopicPartition::toString)
                                    .sorted()
                                    .collect(Collectors.toList()));
            health.withDetail(container.getListenerId(), details);
        }
        return (allRunning ? health.up() : health.down()).build();
    }
}
