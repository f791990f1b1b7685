package dev.helpstream.notifier.delivery;

import dev.helpstream.schema.EmailDelivery;
import dev.helpstream.schema.WebhookDelivery;
import dev.helpstream.schema.topic.Topic;
import dev.helpstream.schema.topic.Topics;
import dev.helpstream.support.content.FileSystemBlobStore;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The deliverers: two spring-kafka listener containers ({@code email-deliveries} on {@code
 * notifications.email.v1}, {@code webhook-deliveries} on {@code notifications.webhook.v1}), their
 * one error handler and recoverer, the delivery log writer and reader, and the SMTP and HTTP
 * senders. Depends on nothing of the planner: the two stages meet only on the topics. Off with
 * {@code helpstream.delivery.enabled=false}.
 *
 * <p>Consumers read committed records only (the planner writes in transactions) and decode values
 * through {@link ErrorHandlingDeserializer}, so an undecodable record reaches the error handler as a
 * poison record instead of stopping the consumer. They commit the offsets of a poll's records once
 * those are handled ({@link AckMode#BATCH}): a commit per mail cost a third of the email
 * throughput, and the listener writes each outcome to the delivery log synchronously before it
 * returns, so a committed offset still always has its outcome in the log. When a record fails, the
 * offsets of the records handled before it are committed first and the retries start from its own
 * offset; a stopping consumer stops after the record in hand and commits what it handled. The email
 * listener takes up to {@value #EMAIL_RECORDS_PER_POLL} records per poll, the webhook listener one
 * (an endpoint may make it wait minutes with {@code Retry-After}). Retries wait on the consumer
 * thread, so each consumer's {@code max.poll.interval.ms} is set from the settings: the longest
 * wait (the back-off cap, or for webhooks the {@code Retry-After} cap) plus the longest call for
 * each record of a poll plus a minute, and at least 10 minutes.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "helpstream.delivery.enabled", matchIfMissing = true)
class DeliveryConfiguration {

    static final String EMAIL_LISTENER = "email-deliveries";
    static final String WEBHOOK_LISTENER = "webhook-deliveries";

    /** Retries of a single delivery follow the policy; none for a record that is no delivery. */
    private static final FixedBackOff NO_RETRY = new FixedBackOff(0, 0);

    /** Room left between two polls besides the longest wait and the longest call. */
    private static final Duration POLL_MARGIN = Duration.ofMinutes(1);

    private static final Duration MIN_POLL_INTERVAL = Duration.ofMinutes(10);

    /** Few enough that the longest poll interval stays in minutes, enough to share one commit. */
    static final int EMAIL_RECORDS_PER_POLL = 10;

    private static final int WEBHOOK_RECORDS_PER_POLL = 1;

    private final Clock clock = Clock.systemUTC();

    @Bean
    Attempts deliveryAttempts() {
        return new Attempts();
    }

    @Bean
    RetryPolicy deliveryRetryPolicy(DeliveryProperties properties, Attempts attempts) {
        return new RetryPolicy(properties.retry(), attempts);
    }

    @Bean(destroyMethod = "close")
    DeliveryLedger deliveryLedger(DeliveryProperties properties, KafkaConnection kafka) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "notifier-delivery-ledger");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A position whose records expired moves to the oldest record kept.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new DeliveryLedger(
                () -> new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                properties.ledgerLookback(),
                properties.logTimeout().multipliedBy(2),
                clock);
    }

    @Bean(destroyMethod = "close")
    DeliveryLog deliveryLog(DeliveryProperties properties, KafkaConnection kafka, DeliveryLedger ledger) {
        int timeout = (int) properties.logTimeout().toMillis();
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "notifier-delivery-log");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (long) timeout);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(500, timeout / 2));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
        return new DeliveryLog(
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()),
                ledger,
                properties.logTimeout());
    }

    @Bean
    MailComposer deliveryMailComposer(DeliveryProperties properties, SmtpMailer mailer) {
        return new MailComposer(mailer.session(), new FileSystemBlobStore(properties.blobsDirectory()), clock);
    }

    @Bean(destroyMethod = "close")
    SmtpMailer deliverySmtpMailer(DeliveryProperties properties) {
        return new SmtpMailer(properties.smtp());
    }

    @Bean
    WebhookSender deliveryWebhookSender(DeliveryProperties properties) {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(properties.webhook().connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        return new WebhookSender(
                client,
                new WebhookUrlPolicy(properties.allowLoopbackWebhooks()),
                properties::webhookSecret,
                properties.webhook().requestTimeout(),
                clock);
    }

    @Bean
    DeliveryRecoverer deliveryRecoverer(
            DeliveryProperties properties, DeliveryLog deliveryLog, Attempts attempts, MailComposer composer) {
        return new DeliveryRecoverer(
                deliveryLog,
                attempts,
                composer,
                properties.deadLetterPayloadLimit().toBytes(),
                clock);
    }

    /**
     * The one error handler of both listeners. A delivery failure is retried as the {@link
     * RetryPolicy} says (attempts, exponential wait with jitter, {@code Retry-After}), then
     * recovered; a record that is no delivery (undecodable: Spring's {@code
     * DeserializationException} is never retried) is recovered at once; a failure of the cluster
     * itself (the delivery log cannot be read or written) is retried until it is back.
     */
    @Bean
    DefaultErrorHandler deliveryErrorHandler(RetryPolicy policy, DeliveryRecoverer recoverer) {
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, policy.infrastructureBackOff());
        handler.setBackOffFunction((record, exception) -> {
            if (DeliveryFailure.in(exception).isEmpty()) {
                return null;
            }
            return DeliveryInfo.of(record.value())
                    .map(info -> policy.backOffFor(info.deliveryId()))
                    .orElse(NO_RETRY);
        });
        // The listeners log each failed attempt once, without a stack trace.
        handler.setLogLevel(KafkaException.Level.DEBUG);
        return handler;
    }

    @Bean(EMAIL_LISTENER)
    ConcurrentMessageListenerContainer<String, EmailDelivery> emailDeliveries(
            DeliveryProperties properties,
            KafkaConnection kafka,
            DeliveryLedger ledger,
            DeliveryLog deliveryLog,
            Attempts attempts,
            RetryPolicy policy,
            MailComposer composer,
            SmtpMailer mailer,
            DefaultErrorHandler errorHandler,
            @Value("${helpstream.topics.partitions:0}") int topicPartitions) {
        EmailDeliveryListener listener = new EmailDeliveryListener(
                composer, mailer, ledger, deliveryLog, attempts, policy, properties.maxAge(), clock);
        Duration longestCall = longestSmtpCall(properties.smtp());
        return container(
                Topics.EMAIL_DELIVERIES,
                properties.email().groupId(),
                properties
                        .email()
                        .consumers(topicPartitions > 0 ? topicPartitions : Topics.EMAIL_DELIVERIES.partitions()),
                kafka,
                ledger,
                listener,
                errorHandler,
                longestCall,
                EMAIL_RECORDS_PER_POLL,
                // SMTP failures carry no Retry-After: the back-off cap is the longest wait.
                maxPollInterval(properties.retry().maxInterval(), longestCall, EMAIL_RECORDS_PER_POLL));
    }

    @Bean(WEBHOOK_LISTENER)
    ConcurrentMessageListenerContainer<String, WebhookDelivery> webhookDeliveries(
            DeliveryProperties properties,
            KafkaConnection kafka,
            DeliveryLedger ledger,
            DeliveryLog deliveryLog,
            Attempts attempts,
            RetryPolicy policy,
            WebhookSender sender,
            DefaultErrorHandler errorHandler) {
        WebhookDeliveryListener listener =
                new WebhookDeliveryListener(sender, ledger, deliveryLog, attempts, policy, properties.maxAge(), clock);
        Duration longestCall =
                properties.webhook().connectTimeout().plus(properties.webhook().requestTimeout());
        return container(
                Topics.WEBHOOK_DELIVERIES,
                properties.webhook().groupId(),
                properties.webhook().concurrency(),
                kafka,
                ledger,
                listener,
                errorHandler,
                longestCall,
                WEBHOOK_RECORDS_PER_POLL,
                maxPollInterval(properties.retry().longestWait(), longestCall, WEBHOOK_RECORDS_PER_POLL));
    }

    /**
     * The longest one email's send may take: a reply that never comes on a kept connection (one
     * {@code timeout}), then a new connection and its greeting, the envelope and the data on it
     * (about three more).
     */
    static Duration longestSmtpCall(DeliveryProperties.Smtp smtp) {
        return smtp.connectTimeout().plus(smtp.timeout().multipliedBy(4));
    }

    /**
     * The {@code max.poll.interval.ms} of a consumer that handles up to {@code recordsPerPoll}
     * records between two polls, each taking up to {@code longestCall}, and may wait {@code
     * longestWait} before retrying the one that failed (a failure ends the poll's work): all of it,
     * and a minute to spare, so that a consumer honouring the longest {@code Retry-After} or a slow
     * relay is not taken for dead and its partitions moved while it sends; never less than 10
     * minutes, because an SMTP call's length has no hard bound (its timeouts are per read and
     * write).
     */
    static Duration maxPollInterval(Duration longestWait, Duration longestCall, int recordsPerPoll) {
        Duration needed =
                longestWait.plus(longestCall.multipliedBy(recordsPerPoll)).plus(POLL_MARGIN);
        return needed.compareTo(MIN_POLL_INTERVAL) < 0 ? MIN_POLL_INTERVAL : needed;
    }

    /** The configuration of a listener's consumer. */
    static Map<String, Object> consumerConfig(String bootstrapServers, Duration maxPollInterval, int recordsPerPoll) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A new group starts at the beginning: deliveries planned before its first start are sent,
        // unless older than maxAge (stale: skipped).
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, recordsPerPoll);
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, Math.toIntExact(maxPollInterval.toMillis()));
        return config;
    }

    /** The listeners' health as {@code deliveries}. */
    @Bean("deliveries")
    DeliveryListenersHealthIndicator deliveriesHealth(
            @Qualifier(EMAIL_LISTENER) ConcurrentMessageListenerContainer<String, EmailDelivery> email,
            @Qualifier(WEBHOOK_LISTENER) ConcurrentMessageListenerContainer<String, WebhookDelivery> webhook) {
        return new DeliveryListenersHealthIndicator(List.of(email, webhook));
    }

    private static <V> ConcurrentMessageListenerContainer<String, V> container(
            Topic<String, V> topic,
            String groupId,
            int concurrency,
            KafkaConnection kafka,
            DeliveryLedger ledger,
            MessageListener<String, V> listener,
            DefaultErrorHandler errorHandler,
            Duration longestCall,
            int recordsPerPoll,
            Duration maxPollInterval) {
        DefaultKafkaConsumerFactory<String, V> consumers = new DefaultKafkaConsumerFactory<>(
                consumerConfig(kafka.bootstrapServers(), maxPollInterval, recordsPerPoll),
                new StringDeserializer(),
                new ErrorHandlingDeserializer<>(topic.valueSerde().deserializer()));

        ContainerProperties properties = new ContainerProperties(topic.name());
        properties.setGroupId(groupId);
        properties.setClientId("notifier-" + topic.name());
        properties.setAckMode(AckMode.BATCH);
        properties.setConsumerRebalanceListener(ledger);
        properties.setMessageListener(listener);
        // Stop after the record in hand, not the rest of the poll: the shutdown timeout is one call.
        properties.setStopImmediate(true);
        // Let a call in progress end (and its outcome be written) before the consumer closes.
        properties.setShutdownTimeout(longestCall.plusSeconds(5).toMillis());
        ConcurrentMessageListenerContainer<String, V> container =
                new ConcurrentMessageListenerContainer<>(consumers, properties);
        container.setConcurrency(concurrency);
        container.setCommonErrorHandler(errorHandler);
        return container;
    }
}
