package dev.helpstream.notifier.planner;

import static dev.helpstream.notifier.planner.Placeholders.CUSTOMER_EMAIL;
import static dev.helpstream.notifier.planner.Placeholders.CUSTOMER_NAME;
import static dev.helpstream.notifier.planner.Placeholders.EXPIRES;
import static dev.helpstream.notifier.planner.Placeholders.HELPDESK_NAME;
import static dev.helpstream.notifier.planner.Placeholders.LINK;

import dev.helpstream.schema.Contact;
import dev.helpstream.schema.EmailDelivery;
import dev.helpstream.schema.PortalAccessLink;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.config.EmailTemplateKind;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.config.SupportAddress;
import dev.helpstream.schema.ids.MailIds;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emails a customer the portal magic link they asked for. Input: {@code
 * notifications.portal-links.v1} ({@link PortalAccessLink}, keyed by email). Output: one {@link
 * EmailDelivery} of kind {@code CUSTOMER_PORTAL_LINK}, keyed by the email, delivery id {@code
 * <requestId>:customer}, Message-ID {@code MailIds.outbound(requestId, domain)}. A link already
 * expired when its record is processed (record time, not the clock) or addressed to a support
 * address is not sent.
 */
final class PortalLinkMailer implements Processor<String, PortalAccessLink, String, EmailDelivery> {

    private static final Logger log = LoggerFactory.getLogger(PortalLinkMailer.class);

    private final NotificationTopology.Settings settings;
    private ProcessorContext<String, EmailDelivery> context;
    private NotifierConfig config;

    PortalLinkMailer(NotificationTopology.Settings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, EmailDelivery> context) {
        this.context = context;
        this.config = new NotifierConfig(context.getStateStore(NotificationTopology.CONFIG_STORE));
    }

    @Override
    public void process(Record<String, PortalAccessLink> record) {
        PortalAccessLink link = record.value();
        if (link == null) {
            return;
        }
        if (!link.getExpiresAt().isAfter(Instant.ofEpochMilli(record.timestamp()))) {
            log.info("Portal link {} expired before it could be sent", link.getRequestId());
            return;
        }
        if (config.isSupportAddress(link.getEmail())) {
            log.warn("Portal link {} not sent: {} is a support address", link.getRequestId(), link.getEmail());
            return;
        }
        HelpdeskSettings helpdesk = config.settings();
        Map<String, String> values = new HashMap<>();
        values.put(HELPDESK_NAME, helpdesk.getHelpdeskName());
        values.put(CUSTOMER_NAME, link.getEmail());
        values.put(CUSTOMER_EMAIL, link.getEmail());
        values.put(LINK, link.getUrl());
        values.put(EXPIRES, MailParts.date(link.getExpiresAt()));
        EmailTemplates.Rendered rendered = EmailTemplates.render(
                config,
                EmailTemplateKind.CUSTOMER_PORTAL_LINK,
                Languages.candidates(link.getLanguage(), helpdesk.getDefaultLanguage()),
                values);
        String fromAddress = fromAddress(helpdesk);
        RecordSource source = RecordSource.of(context);
        EmailDelivery delivery = EmailDelivery.newBuilder()
                .setDeliveryId(link.getRequestId() + ":customer")
                .setEventId(link.getRequestId())
                .setKind(EmailTemplateKind.CUSTOMER_PORTAL_LINK.name())
                .setPlannedAt(Instant.ofEpochMilli(record.timestamp()))
                .setSourceTopic(source.topic())
                .setSourcePartition(source.partition())
                .setSourceOffset(source.offset())
                .setFrom(new Contact(fromAddress, MailParts.senderName(config, fromAddress, helpdesk), null))
                .setTo(List.of(new Contact(link.getEmail(), null, null)))
                .setSubject(rendered.subject())
                .setText(rendered.text())
                .setHtml(rendered.html())
                .setMessageId(MailIds.outbound(link.getRequestId(), helpdesk.getMessageIdDomain()))
                .setHeaders(MailParts.headers(helpdesk, MailParts.AUTO_GENERATED))
                .setLanguage(rendered.language())
                .build();
        context.forward(new Record<>(link.getEmail(), delivery, record.timestamp()));
    }

    /** The default department's address, else the first support address, else the fallback. */
    private String fromAddress(HelpdeskSettings helpdesk) {
        String department = helpdesk.getDefaultDepartmentId();
        if (department != null) {
            Optional<String> email = config.department(department)
                    .map(Department::getEmail)
                    .filter(address -> !address.isBlank())
                    .or(() -> config.firstSupportAddressOf(department).map(SupportAddress::getEmail));
            if (email.isPresent()) {
                return email.get();
            }
        }
        return config.firstSupportAddress().map(SupportAddress::getEmail).orElse(settings.fallbackFromAddress());
    }
}
