package dev.helpstream.notifier.planner;

import dev.helpstream.schema.EmailDelivery;
import dev.helpstream.schema.WebhookDelivery;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.ProcessorWrapper;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.WrappedFixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.WrappedProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Makes one processor of the real topology fail, through Kafka Streams' own processor wrapper
 * ({@code processor.wrapper.class}), so tests can show what a failure costs without changing the
 * planners: either planning one delivery fails (its {@code forward} throws, as a template or a
 * configuration value the planner cannot handle would), or the whole event fails in the processor.
 */
public final class FaultInjector implements ProcessorWrapper {

    private static final String PROCESSOR = "helpstream.test.fault.processor";
    private static final String DELIVERY = "helpstream.test.fault.delivery";
    private static final String KAFKA = "helpstream.test.fault.kafka";
    private static final String EVERY_EVENT = "*";

    private String processor = "";
    private String delivery = "";
    private boolean kafka;

    /** Settings that make planning the delivery {@code deliveryId} in {@code processor} fail. */
    static Properties failDelivery(String processor, String deliveryId) {
        return settings(processor, deliveryId, false);
    }

    /** As {@link #failDelivery}, with a failure of Kafka's own (a {@link StreamsException}). */
    static Properties failDeliveryInKafka(String processor, String deliveryId) {
        return settings(processor, deliveryId, true);
    }

    /** Settings that make {@code processor} fail on every event. */
    static Properties failEveryEvent(String processor) {
        return settings(processor, EVERY_EVENT, false);
    }

    private static Properties settings(String processor, String delivery, boolean kafka) {
        Properties props = new Properties();
        props.put(StreamsConfig.PROCESSOR_WRAPPER_CLASS_CONFIG, FaultInjector.class.getName());
        props.put(PROCESSOR, processor);
        props.put(DELIVERY, delivery);
        props.put(KAFKA, Boolean.toString(kafka));
        return props;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        processor = String.valueOf(configs.get(PROCESSOR));
        delivery = String.valueOf(configs.get(DELIVERY));
        kafka = Boolean.parseBoolean(String.valueOf(configs.get(KAFKA)));
    }

    @Override
    public <KIn, VIn, KOut, VOut> WrappedProcessorSupplier<KIn, VIn, KOut, VOut> wrapProcessorSupplier(
            String processorName, ProcessorSupplier<KIn, VIn, KOut, VOut> supplier) {
        if (!processorName.equals(processor)) {
            return ProcessorWrapper.asWrapped(supplier);
        }
        return new WrappedProcessorSupplier<>() {
            @Override
            public Processor<KIn, VIn, KOut, VOut> get() {
                return new Faulty<>(supplier.get());
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return supplier.stores();
            }
        };
    }

    @Override
    public <KIn, VIn, VOut> WrappedFixedKeyProcessorSupplier<KIn, VIn, VOut> wrapFixedKeyProcessorSupplier(
            String processorName, FixedKeyProcessorSupplier<KIn, VIn, VOut> supplier) {
        return ProcessorWrapper.asWrappedFixedKey(supplier);
    }

    private RuntimeException failure(String what) {
        return kafka
                ? new StreamsException("injected Kafka failure: " + what)
                : new IllegalStateException("injected failure: " + what);
    }

    private static String deliveryIdOf(Object value) {
        if (value instanceof EmailDelivery email) {
            return email.getDeliveryId();
        }
        return value instanceof WebhookDelivery webhook ? webhook.getDeliveryId() : null;
    }

    /** The processor with a context whose {@code forward} of the chosen delivery fails. */
    private final class Faulty<KIn, VIn, KOut, VOut> implements Processor<KIn, VIn, KOut, VOut> {

        private final Processor<KIn, VIn, KOut, VOut> delegate;

        Faulty(Processor<KIn, VIn, KOut, VOut> delegate) {
            this.delegate = delegate;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void init(ProcessorContext<KOut, VOut> context) {
            delegate.init((ProcessorContext<KOut, VOut>) Proxy.newProxyInstance(
                    ProcessorContext.class.getClassLoader(),
                    new Class<?>[] {ProcessorContext.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("forward")
                                && args[0] instanceof Record<?, ?> record
                                && delivery.equals(deliveryIdOf(record.value()))) {
                            throw failure("planning " + delivery);
                        }
                        try {
                            return method.invoke(context, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }));
        }

        @Override
        public void process(Record<KIn, VIn> record) {
            if (EVERY_EVENT.equals(delivery)) {
                throw failure(processor + " on every event");
            }
            delegate.process(record);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
