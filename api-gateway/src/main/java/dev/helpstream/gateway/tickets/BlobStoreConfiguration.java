package dev.helpstream.gateway.tickets;

import dev.helpstream.support.content.FileSystemBlobStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one blob store the gateway reads attachments from and stores uploads in (shared with ingest). */
@Configuration(proxyBeanMethods = false)
class BlobStoreConfiguration {

    @Bean
    FileSystemBlobStore blobStore(TicketsProperties properties) {
        return new FileSystemBlobStore(properties.blobs().directory());
    }
}
