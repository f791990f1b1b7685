package dev.helpstream.sla.topology;

import dev.helpstream.schema.ConfigEntity;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Mirrors {@code helpdesk.config.v1} into the global {@code config-store}: the latest entity per
 * key, a tombstone deletes it. The clock processor reads the store on each record and timer, so an
 * admin's change applies to the next one without a restart.
 */
final class ConfigStoreUpdater implements Processor<String, ConfigEntity, Void, Void> {

    private KeyValueStore<String, ConfigEntity> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(SlaTopology.CONFIG_STORE);
    }

    @Override
    public void process(Record<String, ConfigEntity> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
    }
}
