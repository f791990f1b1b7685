package dev.helpstream.routing;

import dev.helpstream.schema.topic.Topics;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Skips records that cannot be decoded and keeps the stream running.
 *
 * <p>Records of the stream topics go to {@code routing.dlq.v1} with the reason (Kafka Streams'
 * built-in dead-letter support). Records of the topics behind global stores (configuration, ticket
 * directory) are logged with topic, partition and offset and skipped without a dead letter: Kafka
 * Streams cannot send dead letters from its global thread, and a failed global thread would stop
 * the whole instance.
 */
public final class PoisonRecordHandler extends LogAndContinueExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(PoisonRecordHandler.class);
    private static final Set<String> GLOBAL_TOPICS = Set.of(Topics.CONFIG.name(), Topics.ROUTING_DIRECTORY.name());

    @Override
    public Response handleError(
            ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (GLOBAL_TOPICS.contains(context.topic())) {
            log.error(
                    "Skipping an undecodable record of {} (partition {}, offset {}): {}",
                    context.topic(),
                    context.partition(),
                    context.offset(),
                    exception.getMessage());
            return Response.resume();
        }
        return super.handleError(context, record, exception);
    }
}
