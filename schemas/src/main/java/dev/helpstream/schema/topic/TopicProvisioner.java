package dev.helpstream.schema.topic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the catalogue's topics that do not exist yet; safe to run on every start of every
 * instance.
 *
 * <p>Replication factor and the partition count of the scalable topics (those the catalogue gives
 * more than one partition) come from the deployment: 1 on a single broker, 3 on a cluster, where
 * {@code min.insync.replicas} becomes 2. Topics that exist are left as they are; a partition count
 * that differs from the wanted one is reported, never changed, because re-partitioning a keyed
 * topic would move tickets between partitions.
 */
public final class TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Admin admin;
    private final short replicationFactor;
    private final int scalablePartitions;

    /**
     * @param admin the admin client of the target cluster (owned by the caller)
     * @param replicationFactor replicas per partition, at least 1
     * @param scalablePartitions partitions of the scalable topics; 0 keeps the catalogue's counts
     */
    public TopicProvisioner(Admin admin, short replicationFactor, int scalablePartitions) {
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replicationFactor must be at least 1, was " + replicationFactor);
        }
        if (scalablePartitions < 0) {
            throw new IllegalArgumentException("scalablePartitions must be 0 or more, was " + scalablePartitions);
        }
        this.admin = admin;
        this.replicationFactor = replicationFactor;
        this.scalablePartitions = scalablePartitions;
    }

    /**
     * Provisions {@code topics} on the cluster at {@code bootstrapServers} with an admin client of
     * its own, closed before it returns: what a service does once at startup.
     */
    public static Result provision(
            String bootstrapServers,
            int replicationFactor,
            int scalablePartitions,
            Collection<Topic<?, ?>> topics,
            Duration timeout) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return new TopicProvisioner(admin, (short) replicationFactor, scalablePartitions)
                    .provision(topics, timeout);
        }
    }

    /** The partition count this provisioner wants for {@code topic}. */
    public int partitionsOf(Topic<?, ?> topic) {
        return topic.partitions() > 1 && scalablePartitions > 0 ? scalablePartitions : topic.partitions();
    }

    /** The topic as it is created on the cluster: partitions, replication and settings. */
    public NewTopic newTopic(Topic<?, ?> topic) {
        Map<String, String> configs = new HashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, topic.cleanupPolicy().configValue());
        configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(topic.retentionMs()));
        configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, replicationFactor >= 3 ? "2" : "1");
        return new NewTopic(topic.name(), partitionsOf(topic), replicationFactor).configs(configs);
    }

    /**
     * Creates the topics that are missing and checks the partition counts of the others.
     *
     * @return which topics were created and which existed
     */
    public Result provision(Collection<Topic<?, ?>> topics, Duration timeout) {
        CreateTopicsResult result =
                admin.createTopics(topics.stream().map(this::newTopic).toList());
        List<String> created = new ArrayList<>();
        List<String> existing = new ArrayList<>();
        for (Topic<?, ?> topic : topics) {
            try {
                result.values().get(topic.name()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                created.add(topic.name());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException(
                            "Cannot create topic " + topic.name() + ": "
                                    + e.getCause().getMessage(),
                            e.getCause());
                }
                existing.add(topic.name());
            } catch (TimeoutException e) {
                throw new IllegalStateException("Kafka did not create topic " + topic.name() + " within " + timeout, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while creating topic " + topic.name(), e);
            }
        }
        checkPartitions(topics, existing, timeout);
        log.info("Topics provisioned: {} created, {} existed", created.size(), existing.size());
        return new Result(List.copyOf(created), List.copyOf(existing));
    }

    private void checkPartitions(Collection<Topic<?, ?>> topics, List<String> existing, Duration timeout) {
        if (existing.isEmpty()) {
            return;
        }
        Map<String, TopicDescription> descriptions;
        try {
            descriptions =
                    admin.describeTopics(existing).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot describe existing topics " + existing, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while describing topics", e);
        }
        for (Topic<?, ?> topic : topics) {
            TopicDescription description = descriptions.get(topic.name());
            if (description != null && description.partitions().size() != partitionsOf(topic)) {
                log.warn(
                        "Topic {} has {} partitions, the configuration asks for {}; left unchanged",
                        topic.name(),
                        description.partitions().size(),
                        partitionsOf(topic));
            }
        }
    }

    /**
     * What a provisioning run did.
     *
     * @param created the topics it created
     * @param existing the topics that were there already
     */
    public record Result(List<String> created, List<String> existing) {}
}
