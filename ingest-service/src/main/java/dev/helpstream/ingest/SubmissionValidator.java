package dev.helpstream.ingest;

import dev.helpstream.schema.Contact;
import dev.helpstream.schema.InboundHints;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.config.Service;
import dev.helpstream.support.content.FieldChecks;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Checks the text fields of a submission and turns them into the values written on the inbound
 * message. Every field is checked and every problem reported at once.
 *
 * <p>Rules (the shared ones are {@link FieldChecks}'): {@code email} a valid address; {@code
 * name} 1–200 characters; {@code subject} 1–255 characters on one line; {@code body} required, at most {@code
 * helpstream.intake.max-body-chars}, plain text by default or sanitized HTML when {@code
 * bodyType=html}, and it must say something once cleaned; {@code cc} each a valid address, at most
 * {@code max-cc}, duplicates and the requester dropped; {@code departmentId} and {@code serviceId}
 * must name an active department or service when the config topic has any (the public may only
 * pick those visible to customers, and a service must belong to the department given); with no
 * departments configured yet, the ids are passed on as hints for routing to judge. Public posts
 * must send the honeypot field (empty; a filled one is dropped before validation).
 */
@Component
class SubmissionValidator {

    private static final int MAX_ID = 100;
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*");
    private static final Pattern ONE_LINE = Pattern.compile("[\\p{Cntrl}\\s]+");

    private final IngestProperties.Intake limits;

    SubmissionValidator(IngestProperties properties) {
        this.limits = properties.intake();
    }

    /**
     * The submission as it will be written.
     *
     * @throws RequestRefusedException 422 listing every invalid field
     */
    ValidSubmission validate(Caller caller, TicketFields fields, ConfigSnapshot config) {
        FieldChecks checks = new FieldChecks();
        String email = checks.email(TicketFields.EMAIL, fields.value(TicketFields.EMAIL));
        String name = checks.line(TicketFields.NAME, fields.value(TicketFields.NAME), FieldChecks.MAX_NAME);
        String subject = checks.line(TicketFields.SUBJECT, fields.value(TicketFields.SUBJECT), FieldChecks.MAX_SUBJECT);
        MessageBody body = body(fields, checks);
        List<Contact> cc = checks.ccs(TicketFields.CC, fields.cc(), limits.maxCc(), email);
        InboundHints hints = hints(caller, fields, config, checks);
        String language = language(fields.value(TicketFields.LANGUAGE), checks);
        if (caller instanceof Caller.Public && !fields.has(limits.honeypotField())) {
            checks.add(limits.honeypotField(), "is required on public form posts and must be empty");
        }
        if (checks.hasProblems()) {
            throw RequestRefusedException.invalid(checks.problems());
        }
        Contact from = Contact.newBuilder().setEmail(email).setDisplayName(name).build();
        return new ValidSubmission(from, subject, body, cc, hints, language);
    }

    private MessageBody body(TicketFields fields, FieldChecks checks) {
        String type = fields.value(TicketFields.BODY_TYPE);
        boolean html = "html".equalsIgnoreCase(type);
        if (type != null && !html && !"text".equalsIgnoreCase(type)) {
            checks.add(TicketFields.BODY_TYPE, "must be text or html");
        }
        return checks.body(TicketFields.BODY, fields.value(TicketFields.BODY), html, limits.maxBodyChars());
    }

    private static InboundHints hints(Caller caller, TicketFields fields, ConfigSnapshot config, FieldChecks checks) {
        String departmentId = id(TicketFields.DEPARTMENT_ID, fields.value(TicketFields.DEPARTMENT_ID), checks);
        String serviceId = id(TicketFields.SERVICE_ID, fields.value(TicketFields.SERVICE_ID), checks);
        boolean publicCaller = caller instanceof Caller.Public;
        if (departmentId != null && !config.departments().isEmpty()) {
            Department department = config.departments().get(departmentId);
            if (department == null || (publicCaller && !department.getVisibleToCustomers())) {
                checks.add(TicketFields.DEPARTMENT_ID, "is not a known department");
            } else if (!department.getActive()) {
                checks.add(TicketFields.DEPARTMENT_ID, "is not taking new tickets");
            }
        }
        if (serviceId != null && !config.services().isEmpty()) {
            Service service = config.services().get(serviceId);
            if (service == null || (publicCaller && !service.getVisibleToCustomers())) {
                checks.add(TicketFields.SERVICE_ID, "is not a known service");
            } else if (!service.getActive()) {
                checks.add(TicketFields.SERVICE_ID, "is not taking new tickets");
            } else if (departmentId != null && !departmentId.equals(service.getDepartmentId())) {
                checks.add(TicketFields.SERVICE_ID, "belongs to another department");
            }
        }
        if (departmentId == null && serviceId == null) {
            return null;
        }
        return InboundHints.newBuilder()
                .setDepartmentId(departmentId)
                .setServiceId(serviceId)
                .build();
    }

    private static String id(String field, String value, FieldChecks checks) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String id = value.strip();
        if (id.length() > MAX_ID || ONE_LINE.matcher(id).find()) {
            checks.add(field, "is not a valid id");
            return null;
        }
        return id;
    }

    private static String language(String value, FieldChecks checks) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String tag = value.strip();
        String canonical = Locale.forLanguageTag(tag).toLanguageTag();
        if (!LANGUAGE.matcher(tag).matches() || canonical.equals("und")) {
            checks.add(TicketFields.LANGUAGE, "is not a BCP 47 language tag");
            return null;
        }
        return canonical;
    }

    /**
     * A submission whose fields passed every rule.
     *
     * @param from the requester
     * @param subject one line
     * @param body the cleaned or sanitized body
     * @param cc the CC recipients, without duplicates or the requester
     * @param hints the department and service asked for, or null
     * @param language a BCP 47 tag, or null
     */
    record ValidSubmission(
            Contact from, String subject, MessageBody body, List<Contact> cc, InboundHints hints, String language) {}
}
