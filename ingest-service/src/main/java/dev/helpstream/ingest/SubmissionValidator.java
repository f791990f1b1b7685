package dev.helpstream.ingest;

import dev.helpstream.schema.Contact;
import dev.helpstream.schema.InboundHints;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.config.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Checks the text fields of a submission and turns them into the values written on the inbound
 * message. Every field is checked and every problem reported at once.
 *
 * <p>Rules: {@code email} a valid address ({@link EmailAddresses}); {@code name} 1–200 characters;
 * {@code subject} 1–255 characters on one line; {@code body} required, at most {@code
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

    private static final int MAX_NAME = 200;
    private static final int MAX_SUBJECT = 255;
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
        List<FieldProblem> problems = new ArrayList<>();
        String email = address(TicketFields.EMAIL, fields.value(TicketFields.EMAIL), problems);
        String name = line(TicketFields.NAME, fields.value(TicketFields.NAME), MAX_NAME, problems);
        String subject = line(TicketFields.SUBJECT, fields.value(TicketFields.SUBJECT), MAX_SUBJECT, problems);
        MessageBody body = body(fields, problems);
        List<Contact> cc = cc(fields.cc(), email, problems);
        InboundHints hints = hints(caller, fields, config, problems);
        String language = language(fields.value(TicketFields.LANGUAGE), problems);
        if (caller instanceof Caller.Public && !fields.has(limits.honeypotField())) {
            problems.add(
                    new FieldProblem(limits.honeypotField(), "is required on public form posts and must be empty"));
        }
        if (!problems.isEmpty()) {
            throw RequestRefusedException.invalid(problems);
        }
        Contact from = Contact.newBuilder().setEmail(email).setDisplayName(name).build();
        return new ValidSubmission(from, subject, body, cc, hints, language);
    }

    private static String address(String field, String value, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            problems.add(new FieldProblem(field, "is required"));
            return null;
        }
        try {
            return EmailAddresses.normalize(value);
        } catch (EmailAddresses.InvalidAddressException e) {
            problems.add(new FieldProblem(field, "is not a valid email address: it " + e.getMessage()));
            return null;
        }
    }

    private static String line(String field, String value, int max, List<FieldProblem> problems) {
        String cleaned =
                value == null ? "" : ONE_LINE.matcher(value).replaceAll(" ").strip();
        if (cleaned.isEmpty()) {
            problems.add(new FieldProblem(field, "is required"));
        } else if (cleaned.length() > max) {
            problems.add(new FieldProblem(field, "is longer than " + max + " characters"));
        }
        return cleaned;
    }

    private MessageBody body(TicketFields fields, List<FieldProblem> problems) {
        String type = fields.value(TicketFields.BODY_TYPE);
        boolean html = "html".equalsIgnoreCase(type);
        if (type != null && !html && !"text".equalsIgnoreCase(type)) {
            problems.add(new FieldProblem(TicketFields.BODY_TYPE, "must be text or html"));
        }
        String value = fields.value(TicketFields.BODY);
        if (value == null || value.isBlank()) {
            problems.add(new FieldProblem(TicketFields.BODY, "is required"));
            return null;
        }
        if (value.length() > limits.maxBodyChars()) {
            problems.add(
                    new FieldProblem(TicketFields.BODY, "is longer than " + limits.maxBodyChars() + " characters"));
            return null;
        }
        MessageBody body = html ? MessageBodies.fromHtml(value) : MessageBodies.fromText(value);
        if (body.getText().isBlank() && body.getHtml() == null) {
            problems.add(new FieldProblem(TicketFields.BODY, "has no content once unsafe HTML is removed"));
        }
        return body;
    }

    private List<Contact> cc(List<String> given, String requester, List<FieldProblem> problems) {
        if (given.size() > limits.maxCc()) {
            problems.add(new FieldProblem(TicketFields.CC, "has more than " + limits.maxCc() + " addresses"));
            return List.of();
        }
        Map<String, Contact> contacts = new LinkedHashMap<>();
        for (int i = 0; i < given.size(); i++) {
            String address = address(TicketFields.CC + "[" + i + "]", given.get(i), problems);
            if (address != null && !address.equalsIgnoreCase(requester)) {
                contacts.putIfAbsent(
                        address.toLowerCase(Locale.ROOT),
                        Contact.newBuilder().setEmail(address).build());
            }
        }
        return List.copyOf(contacts.values());
    }

    private static InboundHints hints(
            Caller caller, TicketFields fields, ConfigSnapshot config, List<FieldProblem> problems) {
        String departmentId = id(TicketFields.DEPARTMENT_ID, fields.value(TicketFields.DEPARTMENT_ID), problems);
        String serviceId = id(TicketFields.SERVICE_ID, fields.value(TicketFields.SERVICE_ID), problems);
        boolean publicCaller = caller instanceof Caller.Public;
        if (departmentId != null && !config.departments().isEmpty()) {
            Department department = config.departments().get(departmentId);
            if (department == null || (publicCaller && !department.getVisibleToCustomers())) {
                problems.add(new FieldProblem(TicketFields.DEPARTMENT_ID, "is not a known department"));
            } else if (!department.getActive()) {
                problems.add(new FieldProblem(TicketFields.DEPARTMENT_ID, "is not taking new tickets"));
            }
        }
        if (serviceId != null && !config.services().isEmpty()) {
            Service service = config.services().get(serviceId);
            if (service == null || (publicCaller && !service.getVisibleToCustomers())) {
                problems.add(new FieldProblem(TicketFields.SERVICE_ID, "is not a known service"));
            } else if (!service.getActive()) {
                problems.add(new FieldProblem(TicketFields.SERVICE_ID, "is not taking new tickets"));
            } else if (departmentId != null && !departmentId.equals(service.getDepartmentId())) {
                problems.add(new FieldProblem(TicketFields.SERVICE_ID, "belongs to another department"));
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

    private static String id(String field, String value, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String id = value.strip();
        if (id.length() > MAX_ID || ONE_LINE.matcher(id).find()) {
            problems.add(new FieldProblem(field, "is not a valid id"));
            return null;
        }
        return id;
    }

    private static String language(String value, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String tag = value.strip();
        String canonical = Locale.forLanguageTag(tag).toLanguageTag();
        if (!LANGUAGE.matcher(tag).matches() || canonical.equals("und")) {
            problems.add(new FieldProblem(TicketFields.LANGUAGE, "is not a BCP 47 language tag"));
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
