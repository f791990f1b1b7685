package dev.helpstream.sla;

import dev.helpstream.schema.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Skips records that cannot be decoded and keeps the SLA clocks running.
 *
 * <p>Ticket events go to {@code sla.dlq.v1} with the reason, topic, partition and offset in headers
 * (Kafka Streams' built-in dead-letter support). A record of the configuration topic, behind the
 * global store, is logged and skipped without a dead letter: Kafka Streams cannot send dead letters
 * from its global thread, and a failed global thread would stop the whole instance.
 */
public final class PoisonRecordHandler extends LogAndContinueExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(PoisonRecordHandler.class);

    @Override
    public Response handleError(
            ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (Topics.CONFIG.name().equals(context.topic())) {
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
