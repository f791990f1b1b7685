package dev.helpstream.bench.load;

import dev.helpstream.schema.Channel;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.ids.TicketIds;
import dev.helpstream.schema.serde.SingleObjectAvroSerdes;
import java.text.Normalizer;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The snapshots the loader writes: ticket {@code i} of a run as routing-stream publishes a ticket
 * it has just opened from one inbound message.
 *
 * <p>Like routing: the ticket id is {@link TicketIds#forInboundMessage} of the message id (here
 * {@code bench-load:<run>:<i>}), version 1, status {@code new} ({@code NEW}), no assignee, one
 * message, the customer's activity at the opening, the message id among the email ids when it came
 * by email, the support address of its department for email. The rest is drawn to look like a
 * hosting helpdesk's inflow over the demo configuration: departments {@code support} (60%),
 * {@code billing} (25%), {@code sales} (15%) with their services, categories and types, priorities
 * mostly {@code normal}, four channels, a customer pool of {@value #CUSTOMERS} people, English and
 * French. Numbers are {@value #FIRST_NUMBER} + {@code i}, far above what the live pipeline hands
 * out ({@code 10000 + counter x partitions + partition}). Invariant: the same run and index give the
 * same ticket (every draw is seeded by them), and distinct indexes give distinct ids and numbers.
 */
final class TicketSnapshots {

    /** The number of ticket 0 of every run. */
    static final long FIRST_NUMBER = 100_000_000L;

    static final int CUSTOMERS = 50_000;

    private static final String[] FIRST_NAMES = {
        "Alice", "Bruno", "Chloé", "David", "Emma", "Farid", "Giulia", "Hugo", "Inès", "Jonas", "Karim", "Léa", "Marc",
        "Nadia", "Olivier", "Paula", "Quentin", "Rosa", "Samir", "Tess"
    };
    private static final String[] LAST_NAMES = {
        "Martin",
        "Bernard",
        "Dubois",
        "Moreau",
        "Laurent",
        "Garcia",
        "Rossi",
        "Müller",
        "Smith",
        "Nguyen",
        "Lefebvre",
        "Roux",
        "Fournier",
        "Costa",
        "Novak",
        "Jensen"
    };
    private static final String[] ASCII_FIRST_NAMES = ascii(FIRST_NAMES);
    private static final String[] ASCII_LAST_NAMES = ascii(LAST_NAMES);
    private static final String[] MAIL_DOMAINS = {"example.com", "example.net", "example.org", "mail.example.test"};
    private static final String[] SITES = {"shop", "blog", "agency", "studio", "bakery", "garage", "clinic", "hotel"};

    private static final String[] SUPPORT_SUBJECTS = {
        "Website %s returns 500 since this morning",
        "%s is very slow to load",
        "Cannot connect to FTP for %s",
        "SSL certificate expired on %s",
        "PHP version upgrade for %s",
        "Database connection errors on %s",
        "Backup restore needed for %s"
    };
    private static final String[] DNS_SUBJECTS = {
        "DNS not resolving for %s",
        "How do I add an MX record for %s?",
        "Domain %s transfer stuck",
        "%s points to the old server"
    };
    private static final String[] EMAIL_SUBJECTS = {
        "Mail for %s goes to spam", "Cannot send email from contact@%s", "Mailbox full on %s", "IMAP login fails for %s"
    };
    private static final String[] OUTAGE_SUBJECTS = {
        "%s is down!", "URGENT: %s unreachable", "Outage: all sites down incl. %s"
    };
    private static final String[] BILLING_SUBJECTS = {
        "Invoice %s charged twice",
        "Question about invoice %s",
        "Refund for invoice %s",
        "Update card details (invoice %s)",
        "VAT missing on invoice %s"
    };
    private static final String[] SALES_SUBJECTS = {
        "Quote for 20 hosting accounts (%s)",
        "Upgrade %s to a dedicated server?",
        "Reseller pricing for %s",
        "Migrating %s from another host"
    };

    static {
        // Builders fill defaults through Avro, which instantiates only trusted classes; the
        // serdes trust the generated ones.
        SingleObjectAvroSerdes.instance();
    }

    private TicketSnapshots() {}

    /** The inbound message id ticket {@code index} of {@code runId} is named after. */
    static String messageId(String runId, int index) {
        return "bench-load:" + runId + ":" + index;
    }

    static String ticketId(String runId, int index) {
        return TicketIds.forInboundMessage(messageId(runId, index));
    }

    static long number(int index) {
        return FIRST_NUMBER + index;
    }

    /** Ticket {@code index} of {@code runId}, opened at {@code openedAt}. */
    static Ticket ticket(String runId, int index, Instant openedAt) {
        SplittableRandom random = new SplittableRandom(runId.hashCode() * 0x9E3779B97F4A7C15L + index);
        String messageId = messageId(runId, index);
        String site = SITES[random.nextInt(SITES.length)] + "-" + random.nextInt(10_000) + ".example";
        int draw = random.nextInt(100);
        String department = draw < 60 ? "support" : draw < 85 ? "billing" : "sales";
        Channel channel = channel(random.nextInt(100));
        String category = null;
        String service = null;
        String type = null;
        String priority = priority(random.nextInt(100));
        String subject;
        switch (department) {
            case "support" -> {
                service = random.nextInt(100) < 65 ? "hosting" : "domains";
                int kind = random.nextInt(100);
                if (kind < 10) {
                    category = "outage";
                    type = "incident";
                    priority = random.nextBoolean() ? "urgent" : "high";
                    subject = pick(random, OUTAGE_SUBJECTS, site);
                } else if (kind < 35) {
                    category = "dns";
                    service = "domains";
                    subject = pick(random, DNS_SUBJECTS, site);
                } else if (kind < 60) {
                    category = "email";
                    subject = pick(random, EMAIL_SUBJECTS, site);
                } else {
                    subject = pick(random, SUPPORT_SUBJECTS, site);
                }
                if (type == null && random.nextBoolean()) {
                    type = random.nextBoolean() ? "question" : "request";
                }
            }
            case "billing" -> {
                service = random.nextInt(100) < 70 ? "invoices" : null;
                category = random.nextInt(100) < 80 ? "billing-question" : null;
                type = random.nextInt(100) < 50 ? "question" : null;
                subject = pick(random, BILLING_SUBJECTS, "INV-" + (2024_000_000 + random.nextInt(1_000_000)));
            }
            default -> {
                type = random.nextInt(100) < 60 ? "request" : null;
                subject = pick(random, SALES_SUBJECTS, site);
            }
        }
        int person = random.nextInt(CUSTOMERS);
        Contact customer = contact(person);
        List<Contact> cc = random.nextInt(100) < 8
                ? List.of(contact((person + 1 + random.nextInt(CUSTOMERS - 1)) % CUSTOMERS))
                : List.of();
        boolean email = channel == Channel.EMAIL;
        return Ticket.newBuilder()
                .setTicketId(TicketIds.forInboundMessage(messageId))
                .setNumber(number(index))
                .setVersion(1)
                .setSubject(subject)
                .setCustomer(customer)
                .setCc(cc)
                .setChannel(channel)
                .setSupportAddress(email ? department + "@helpdesk.test" : null)
                .setDepartmentId(department)
                .setServiceId(service)
                .setTypeId(type)
                .setCategoryId(category)
                .setPriorityId(priority)
                .setStatusId("new")
                .setLifecycle(LifecycleState.NEW)
                .setCreatedAt(openedAt)
                .setUpdatedAt(openedAt)
                .setMessageCount(1)
                .setAttachmentCount(random.nextInt(100) < 10 ? 1 + random.nextInt(3) : 0)
                .setEmailMessageIds(email ? List.of(messageId) : List.of())
                .setLastCustomerActivityAt(openedAt)
                .setLanguage(random.nextInt(100) < 80 ? "en" : "fr")
                // Every remaining field set too, to its default: the builder otherwise deep-copies
                // each default from the schema, which costs more than the rest of the ticket.
                .setImportant(false)
                .setAssigneeId(null)
                .setStartedAt(null)
                .setResolvedAt(null)
                .setClosedAt(null)
                .setDueAt(null)
                .setEstimatedResolutionAt(null)
                .setProgressPercent(0)
                .setTimeSpentMinutes(0)
                .setTimeSpentByAgent(Map.of())
                .setRunningTimers(List.of())
                .setTags(List.of())
                .setSpam(false)
                .setMergedIntoTicketId(null)
                .setDeleted(false)
                .setLinkedTicketIds(List.of())
                .setLastStaffActivityAt(null)
                .setNoteCount(0)
                .build();
    }

    private static Contact contact(int person) {
        int first = person % FIRST_NAMES.length;
        int last = (person / FIRST_NAMES.length) % LAST_NAMES.length;
        return Contact.newBuilder()
                .setEmail(ASCII_FIRST_NAMES[first] + "." + ASCII_LAST_NAMES[last] + person + "@"
                        + MAIL_DOMAINS[person % MAIL_DOMAINS.length])
                .setDisplayName(FIRST_NAMES[first] + " " + LAST_NAMES[last])
                .setCompany(null)
                .build();
    }

    /** Addresses stay lower-case dot-atom ASCII, as ingest would have them; names keep their accents. */
    private static String[] ascii(String[] names) {
        String[] ascii = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            ascii[i] = Normalizer.normalize(names[i], Normalizer.Form.NFD)
                    .replaceAll("\\p{M}", "")
                    .toLowerCase(Locale.ROOT);
        }
        return ascii;
    }

    private static Channel channel(int draw) {
        if (draw < 55) {
            return Channel.EMAIL;
        }
        if (draw < 80) {
            return Channel.WEB_FORM;
        }
        return draw < 90 ? Channel.API : Channel.PORTAL;
    }

    private static String priority(int draw) {
        if (draw < 15) {
            return "low";
        }
        if (draw < 80) {
            return "normal";
        }
        return draw < 95 ? "high" : "urgent";
    }

    private static String pick(SplittableRandom random, String[] templates, String value) {
        return String.format(templates[random.nextInt(templates.length)], value);
    }
}
