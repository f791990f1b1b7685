package dev.helpstream.notifier.planner;

import static dev.helpstream.schema.config.EmailTemplateKind.AGENT_ALSO_ADDRESSED;
import static dev.helpstream.schema.config.EmailTemplateKind.AGENT_CUSTOMER_REPLY;
import static dev.helpstream.schema.config.EmailTemplateKind.AGENT_NEW_TICKET;
import static dev.helpstream.schema.config.EmailTemplateKind.AGENT_NOTE_ADDED;
import static dev.helpstream.schema.config.EmailTemplateKind.AGENT_SLA_BREACH;
import static dev.helpstream.schema.config.EmailTemplateKind.AGENT_SLA_WARNING;
import static dev.helpstream.schema.config.EmailTemplateKind.AGENT_TICKET_ASSIGNED;
import static dev.helpstream.schema.config.EmailTemplateKind.AGENT_TICKET_TRANSFERRED;
import static dev.helpstream.schema.config.EmailTemplateKind.CUSTOMER_AUTO_REPLY;
import static dev.helpstream.schema.config.EmailTemplateKind.CUSTOMER_CATEGORY_CHANGED;
import static dev.helpstream.schema.config.EmailTemplateKind.CUSTOMER_DUE_DATE_CHANGED;
import static dev.helpstream.schema.config.EmailTemplateKind.CUSTOMER_PORTAL_LINK;
import static dev.helpstream.schema.config.EmailTemplateKind.CUSTOMER_PRIORITY_CHANGED;
import static dev.helpstream.schema.config.EmailTemplateKind.CUSTOMER_STAFF_REPLY;
import static dev.helpstream.schema.config.EmailTemplateKind.CUSTOMER_STATUS_CHANGED;
import static dev.helpstream.schema.config.EmailTemplateKind.CUSTOMER_TICKET_CLOSED;
import static dev.helpstream.schema.config.EmailTemplateKind.CUSTOMER_TICKET_OPENED;
import static dev.helpstream.schema.config.EmailTemplateKind.CUSTOMER_TICKET_REOPENED;

import dev.helpstream.schema.config.EmailTemplate;
import dev.helpstream.schema.config.EmailTemplateKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The email templates: built-in English and French defaults for every notification the planner
 * sends, and the admins' {@code EmailTemplate} entities, which win for their kind and language.
 * The syntax and the placeholders are those of {@link TemplateText} and {@link Placeholders}.
 *
 * <p>The language is the first of the candidates ({@link Languages#candidates}) for which a
 * template exists, override or built-in; English always exists. Built-in HTML is derived from the
 * text: paragraphs, line breaks and clickable links. Customer subjects are the ticket subject
 * alone, so mail clients keep the conversation together; the notifier adds the {@code [#N]} tag.
 */
final class EmailTemplates {

    /**
     * A rendered email body.
     *
     * @param language the primary language subtag the template was in
     * @param subject the subject, without the ticket tag
     * @param text the plain-text body
     * @param html the HTML body
     */
    record Rendered(String language, String subject, String text, String html) {}

    private record BuiltIn(String subject, String text) {}

    private static final Map<String, BuiltIn> BUILT_INS = new HashMap<>();

    private EmailTemplates() {}

    /** The built-in wording of a ticket closed for inactivity that a reply reopens until a date. */
    static final String INACTIVITY_CLOSE = "inactivity";
    /** ... for a reopen window of 0: a reply opens a new ticket. */
    static final String INACTIVITY_CLOSE_FINAL = "inactivity-final";
    /** ... for a reopen window of -1: a reply always reopens it. */
    static final String INACTIVITY_CLOSE_REOPENABLE = "inactivity-reopenable";

    /** The kind rendered in the first candidate language that has a template. */
    static Rendered render(
            NotifierConfig config, EmailTemplateKind kind, List<String> languages, Map<String, String> values) {
        return render(config, kind, null, languages, values);
    }

    /**
     * The kind rendered in the first candidate language that has a template, the built-in {@code
     * variant} (a wording for one case of the kind, such as a close for inactivity) preferred over
     * the kind's plain built-in; an admin's template for the kind and language wins over both.
     */
    static Rendered render(
            NotifierConfig config,
            EmailTemplateKind kind,
            String variant,
            List<String> languages,
            Map<String, String> values) {
        for (String language : languages) {
            Optional<EmailTemplate> override = config.template(kind, language);
            if (override.isPresent()) {
                EmailTemplate template = override.get();
                String html = template.getHtml() == null || template.getHtml().isBlank()
                        ? htmlOf(template.getText())
                        : template.getHtml();
                return new Rendered(
                        language,
                        TemplateText.subject(template.getSubject(), values),
                        TemplateText.text(template.getText(), values),
                        TemplateText.html(html, values));
            }
            BuiltIn builtIn = builtIn(kind, variant, language);
            if (builtIn != null) {
                return rendered(language, builtIn, values);
            }
        }
        BuiltIn english = builtIn(kind, variant, Languages.FALLBACK);
        if (english == null) {
            throw new IllegalArgumentException("no template for " + kind);
        }
        return rendered(Languages.FALLBACK, english, values);
    }

    /**
     * The language {@link #render} will use for the kind: the first candidate with an admin's or a
     * built-in template, else English. Values worded in the language (a metric's name) are
     * prepared in it before rendering.
     */
    static String language(NotifierConfig config, EmailTemplateKind kind, List<String> languages) {
        for (String language : languages) {
            if (config.template(kind, language).isPresent() || BUILT_INS.containsKey(key(kind, language))) {
                return language;
            }
        }
        return Languages.FALLBACK;
    }

    /** Whether a built-in template exists for the kind in the language. */
    static boolean hasBuiltIn(EmailTemplateKind kind, String language) {
        return BUILT_INS.containsKey(key(kind, language));
    }

    /**
     * A text template as an HTML template: literal text escaped, blank-line separated paragraphs,
     * line breaks, and every {@code {{link}}} made clickable.
     */
    static String htmlOf(String textTemplate) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><body>\n");
        for (String paragraph : textTemplate.strip().split("\\n\\s*\\n")) {
            String escaped = TemplateText.escapeHtml(paragraph.strip())
                    .replace("\n", "<br>\n")
                    .replace("{{link}}", "<a href=\"{{link}}\">{{link}}</a>");
            html.append("<p>").append(escaped).append("</p>\n");
        }
        return html.append("</body></html>\n").toString();
    }

    private static Rendered rendered(String language, BuiltIn builtIn, Map<String, String> values) {
        return new Rendered(
                language,
                TemplateText.subject(builtIn.subject(), values),
                TemplateText.text(builtIn.text(), values),
                TemplateText.html(htmlOf(builtIn.text()), values));
    }

    private static BuiltIn builtIn(EmailTemplateKind kind, String variant, String language) {
        BuiltIn specific = variant == null ? null : BUILT_INS.get(key(kind, language) + "/" + variant);
        return specific != null ? specific : BUILT_INS.get(key(kind, language));
    }

    private static String key(EmailTemplateKind kind, String language) {
        return kind.name() + ":" + language;
    }

    private static void define(EmailTemplateKind kind, String language, String subject, String text) {
        BUILT_INS.put(key(kind, language), new BuiltIn(subject, text));
    }

    private static void define(EmailTemplateKind kind, String variant, String language, String subject, String text) {
        BUILT_INS.put(key(kind, language) + "/" + variant, new BuiltIn(subject, text));
    }

    static {
        define(CUSTOMER_TICKET_OPENED, "en", "{{ticket.subject}}", """
                Hello {{customer.name}},

                Thank you for contacting {{helpdesk.name}}. We have received your request as \
                ticket #{{ticket.number}} ({{department.name}}) and will get back to you as soon as possible.

                You can follow it here:
                {{link}}

                To add anything, reply to this email and keep [#{{ticket.number}}] in the subject.

                {{helpdesk.name}}
                """);
        define(CUSTOMER_TICKET_OPENED, "fr", "{{ticket.subject}}", """
                Bonjour {{customer.name}},

                Merci d'avoir contacté {{helpdesk.name}}. Votre demande a bien été reçue sous le \
                numéro de ticket #{{ticket.number}} ({{department.name}}) ; nous vous répondrons \
                dans les meilleurs délais.

                Vous pouvez la suivre ici :
                {{link}}

                Pour ajouter une information, répondez à ce message en gardant [#{{ticket.number}}] dans l'objet.

                {{helpdesk.name}}
                """);
        define(CUSTOMER_AUTO_REPLY, "en", "{{ticket.subject}}", """
                {{message.text}}

                Your ticket #{{ticket.number}}: {{link}}

                {{helpdesk.name}}
                """);
        define(CUSTOMER_AUTO_REPLY, "fr", "{{ticket.subject}}", """
                {{message.text}}

                Votre ticket n° {{ticket.number}} : {{link}}

                {{helpdesk.name}}
                """);
        define(CUSTOMER_STAFF_REPLY, "en", "{{ticket.subject}}", """
                {{message.text}}{{signature}}

                Your ticket: {{link}}
                """);
        define(CUSTOMER_STAFF_REPLY, "fr", "{{ticket.subject}}", """
                {{message.text}}{{signature}}

                Votre ticket : {{link}}
                """);
        define(CUSTOMER_TICKET_CLOSED, "en", "{{ticket.subject}}", """
                Hello {{customer.name}},

                Your ticket #{{ticket.number}} "{{ticket.subject}}" has been closed.

                If something is still not right, reply to this email.
                {{link}}

                {{helpdesk.name}}
                """);
        define(CUSTOMER_TICKET_CLOSED, "fr", "{{ticket.subject}}", """
                Bonjour {{customer.name}},

                Votre ticket #{{ticket.number}} « {{ticket.subject}} » a été fermé.

                Si quelque chose ne va toujours pas, répondez à ce message.
                {{link}}

                {{helpdesk.name}}
                """);
        define(CUSTOMER_TICKET_CLOSED, INACTIVITY_CLOSE, "en", "{{ticket.subject}}", """
                Hello {{customer.name}},

                Your ticket #{{ticket.number}} "{{ticket.subject}}" has been closed: we have had no news \
                from you since {{inactive.since}}.

                If you still need help, reply to this email or reopen the ticket from its page before \
                {{reopen.until}}:
                {{link}}

                After that, a reply opens a new ticket.

                {{helpdesk.name}}
                """);
        define(CUSTOMER_TICKET_CLOSED, INACTIVITY_CLOSE, "fr", "{{ticket.subject}}", """
                Bonjour {{customer.name}},

                Votre ticket #{{ticket.number}} « {{ticket.subject}} » a été fermé : nous n'avons pas eu \
                de nouvelles de votre part depuis le {{inactive.since}}.

                Si vous avez encore besoin d'aide, répondez à ce message ou rouvrez le ticket depuis sa \
                page avant le {{reopen.until}} :
                {{link}}

                Passé ce délai, une réponse ouvrira un nouveau ticket.

                {{helpdesk.name}}
                """);
        define(CUSTOMER_TICKET_CLOSED, INACTIVITY_CLOSE_FINAL, "en", "{{ticket.subject}}", """
                Hello {{customer.name}},

                Your ticket #{{ticket.number}} "{{ticket.subject}}" has been closed: we have had no news \
                from you since {{inactive.since}}. It cannot be reopened.

                If you still need help, reply to this email: your reply opens a new ticket.
                {{link}}

                {{helpdesk.name}}
                """);
        define(CUSTOMER_TICKET_CLOSED, INACTIVITY_CLOSE_FINAL, "fr", "{{ticket.subject}}", """
                Bonjour {{customer.name}},

                Votre ticket #{{ticket.number}} « {{ticket.subject}} » a été fermé : nous n'avons pas eu \
                de nouvelles de votre part depuis le {{inactive.since}}. Il ne peut pas être rouvert.

                Si vous avez encore besoin d'aide, répondez à ce message : votre réponse ouvrira un nouveau ticket.
                {{link}}

                {{helpdesk.name}}
                """);
        define(CUSTOMER_TICKET_CLOSED, INACTIVITY_CLOSE_REOPENABLE, "en", "{{ticket.subject}}", """
                Hello {{customer.name}},

                Your ticket #{{ticket.number}} "{{ticket.subject}}" has been closed: we have had no news \
                from you since {{inactive.since}}.

                If you still need help, reply to this email or reopen the ticket from its page at any time:
                {{link}}

                {{helpdesk.name}}
                """);
        define(CUSTOMER_TICKET_CLOSED, INACTIVITY_CLOSE_REOPENABLE, "fr", "{{ticket.subject}}", """
                Bonjour {{customer.name}},

                Votre ticket #{{ticket.number}} « {{ticket.subject}} » a été fermé : nous n'avons pas eu \
                de nouvelles de votre part depuis le {{inactive.since}}.

                Si vous avez encore besoin d'aide, répondez à ce message ou rouvrez le ticket depuis sa \
                page, à tout moment :
                {{link}}

                {{helpdesk.name}}
                """);
        define(CUSTOMER_TICKET_REOPENED, "en", "{{ticket.subject}}", """
                Hello {{customer.name}},

                Your ticket #{{ticket.number}} "{{ticket.subject}}" has been reopened; we are working on it again.
                {{link}}

                {{helpdesk.name}}
                """);
        define(CUSTOMER_TICKET_REOPENED, "fr", "{{ticket.subject}}", """
                Bonjour {{customer.name}},

                Votre ticket #{{ticket.number}} « {{ticket.subject}} » a été rouvert ; nous le traitons de nouveau.
                {{link}}

                {{helpdesk.name}}
                """);
        define(CUSTOMER_STATUS_CHANGED, "en", "{{ticket.subject}}", """
                Hello {{customer.name}},

                The status of your ticket #{{ticket.number}} "{{ticket.subject}}" changed from \
                {{previous.status}} to {{status}}.
                {{link}}

                {{helpdesk.name}}
                """);
        define(CUSTOMER_STATUS_CHANGED, "fr", "{{ticket.subject}}", """
                Bonjour {{customer.name}},

                Le statut de votre ticket #{{ticket.number}} « {{ticket.subject}} » est passé de \
                {{previous.status}} à {{status}}.
                {{link}}

                {{helpdesk.name}}
                """);
        define(CUSTOMER_PRIORITY_CHANGED, "en", "{{ticket.subject}}", """
                Hello {{customer.name}},

                The priority of your ticket #{{ticket.number}} "{{ticket.subject}}" changed from \
                {{previous.priority}} to {{priority}}.
                {{link}}

                {{helpdesk.name}}
                """);
        define(CUSTOMER_PRIORITY_CHANGED, "fr", "{{ticket.subject}}", """
                Bonjour {{customer.name}},

                La priorité de votre ticket #{{ticket.number}} « {{ticket.subject}} » est passée de \
                {{previous.priority}} à {{priority}}.
                {{link}}

                {{helpdesk.name}}
                """);
        define(CUSTOMER_CATEGORY_CHANGED, "en", "{{ticket.subject}}", """
                Hello {{customer.name}},

                Your ticket #{{ticket.number}} "{{ticket.subject}}" is now in the category {{category}}.
                {{link}}

                {{helpdesk.name}}
                """);
        define(CUSTOMER_CATEGORY_CHANGED, "fr", "{{ticket.subject}}", """
                Bonjour {{customer.name}},

                Votre ticket #{{ticket.number}} « {{ticket.subject}} » est maintenant dans la catégorie {{category}}.
                {{link}}

                {{helpdesk.name}}
                """);
        define(CUSTOMER_DUE_DATE_CHANGED, "en", "{{ticket.subject}}", """
                Hello {{customer.name}},

                The due date of your ticket #{{ticket.number}} "{{ticket.subject}}" is now {{due}} \
                (it was {{previous.due}}).
                {{link}}

                {{helpdesk.name}}
                """);
        define(CUSTOMER_DUE_DATE_CHANGED, "fr", "{{ticket.subject}}", """
                Bonjour {{customer.name}},

                L'échéance de votre ticket #{{ticket.number}} « {{ticket.subject}} » est maintenant \
                {{due}} (auparavant {{previous.due}}).
                {{link}}

                {{helpdesk.name}}
                """);
        define(CUSTOMER_PORTAL_LINK, "en", "Your link to {{helpdesk.name}}", """
                Hello,

                Here is your link to your tickets at {{helpdesk.name}}:
                {{link}}

                It works once and expires on {{expires}}. If you did not ask for it, ignore this email.

                {{helpdesk.name}}
                """);
        define(CUSTOMER_PORTAL_LINK, "fr", "Votre lien vers {{helpdesk.name}}", """
                Bonjour,

                Voici votre lien vers vos tickets chez {{helpdesk.name}} :
                {{link}}

                Il ne sert qu'une fois et expire le {{expires}}. Si vous ne l'avez pas demandé, ignorez ce message.

                {{helpdesk.name}}
                """);
        define(AGENT_NEW_TICKET, "en", "New ticket in {{department.name}}: {{ticket.subject}}", """
                Hello {{agent.name}},

                {{customer.name}} <{{customer.email}}> opened ticket #{{ticket.number}} in {{department.name}} \
                (priority {{priority}}).

                {{message.text}}

                {{link}}
                """);
        define(AGENT_NEW_TICKET, "fr", "Nouveau ticket dans {{department.name}} : {{ticket.subject}}", """
                Bonjour {{agent.name}},

                {{customer.name}} <{{customer.email}}> a ouvert le ticket #{{ticket.number}} dans \
                {{department.name}} (priorité {{priority}}).

                {{message.text}}

                {{link}}
                """);
        define(AGENT_ALSO_ADDRESSED, "en", "Also sent to {{address}}: {{ticket.subject}}", """
                Hello {{agent.name}},

                A message from {{customer.name}} <{{customer.email}}> was also addressed to {{address}}. \
                It became one ticket, #{{ticket.number}}, filed in {{department.name}}.

                {{link}}
                """);
        define(AGENT_ALSO_ADDRESSED, "fr", "Aussi envoyé à {{address}} : {{ticket.subject}}", """
                Bonjour {{agent.name}},

                Un message de {{customer.name}} <{{customer.email}}> était aussi adressé à {{address}}. \
                Il a donné un seul ticket, #{{ticket.number}}, classé dans {{department.name}}.

                {{link}}
                """);
        define(AGENT_TICKET_ASSIGNED, "en", "Assigned to you: {{ticket.subject}}", """
                Hello {{agent.name}},

                {{actor.name}} assigned ticket #{{ticket.number}} "{{ticket.subject}}" ({{department.name}}, \
                priority {{priority}}) to you.

                {{link}}
                """);
        define(AGENT_TICKET_ASSIGNED, "fr", "Assigné à vous : {{ticket.subject}}", """
                Bonjour {{agent.name}},

                {{actor.name}} vous a assigné le ticket #{{ticket.number}} « {{ticket.subject}} » \
                ({{department.name}}, priorité {{priority}}).

                {{link}}
                """);
        define(AGENT_TICKET_TRANSFERRED, "en", "Transferred to {{department.name}}: {{ticket.subject}}", """
                Hello {{agent.name}},

                {{actor.name}} transferred ticket #{{ticket.number}} "{{ticket.subject}}" from \
                {{previous.department.name}} to {{department.name}}.

                {{link}}
                """);
        define(AGENT_TICKET_TRANSFERRED, "fr", "Transféré à {{department.name}} : {{ticket.subject}}", """
                Bonjour {{agent.name}},

                {{actor.name}} a transféré le ticket #{{ticket.number}} « {{ticket.subject}} » de \
                {{previous.department.name}} à {{department.name}}.

                {{link}}
                """);
        define(AGENT_CUSTOMER_REPLY, "en", "Customer reply: {{ticket.subject}}", """
                Hello {{agent.name}},

                {{actor.name}} replied on ticket #{{ticket.number}} "{{ticket.subject}}":

                {{message.text}}

                {{link}}
                """);
        define(AGENT_CUSTOMER_REPLY, "fr", "Réponse du client : {{ticket.subject}}", """
                Bonjour {{agent.name}},

                {{actor.name}} a répondu sur le ticket #{{ticket.number}} « {{ticket.subject}} » :

                {{message.text}}

                {{link}}
                """);
        define(AGENT_NOTE_ADDED, "en", "Note added: {{ticket.subject}}", """
                Hello {{agent.name}},

                {{actor.name}} added a note to ticket #{{ticket.number}} "{{ticket.subject}}":

                {{message.text}}

                {{link}}
                """);
        define(AGENT_NOTE_ADDED, "fr", "Note ajoutée : {{ticket.subject}}", """
                Bonjour {{agent.name}},

                {{actor.name}} a ajouté une note au ticket #{{ticket.number}} « {{ticket.subject}} » :

                {{message.text}}

                {{link}}
                """);
        define(AGENT_SLA_WARNING, "en", "SLA warning: {{sla.metric}} due {{sla.due}} — {{ticket.subject}}", """
                Hello {{agent.name}},

                Ticket #{{ticket.number}} "{{ticket.subject}}" ({{department.name}}, priority {{priority}}) \
                is close to its {{sla.metric}} deadline.

                Due: {{sla.due}}, {{sla.remaining}}
                SLA policy: {{sla.policy}}
                Assignee: {{assignee.name}}

                {{link}}
                """);
        define(AGENT_SLA_WARNING, "fr", "Alerte SLA : {{sla.metric}} avant le {{sla.due}} — {{ticket.subject}}", """
                Bonjour {{agent.name}},

                Le ticket #{{ticket.number}} « {{ticket.subject}} » ({{department.name}}, priorité \
                {{priority}}) approche de son échéance de {{sla.metric}}.

                Échéance : {{sla.due}}, {{sla.remaining}}
                Politique SLA : {{sla.policy}}
                Assigné à : {{assignee.name}}

                {{link}}
                """);
        define(AGENT_SLA_BREACH, "en", "SLA breach: {{sla.metric}} was due {{sla.due}} — {{ticket.subject}}", """
                Hello {{agent.name}},

                Ticket #{{ticket.number}} "{{ticket.subject}}" ({{department.name}}, priority {{priority}}) \
                has missed its {{sla.metric}} deadline.

                Due: {{sla.due}}, {{sla.remaining}}
                SLA policy: {{sla.policy}}
                Assignee: {{assignee.name}}

                {{link}}
                """);
        define(
                AGENT_SLA_BREACH,
                "fr",
                "Dépassement SLA : {{sla.metric}}, échéance le {{sla.due}} — {{ticket.subject}}",
                """
                Bonjour {{agent.name}},

                Le ticket #{{ticket.number}} « {{ticket.subject}} » ({{department.name}}, priorité \
                {{priority}}) a dépassé son échéance de {{sla.metric}}.

                Échéance : {{sla.due}}, {{sla.remaining}}
                Politique SLA : {{sla.policy}}
                Assigné à : {{assignee.name}}

                {{link}}
                """);
    }
}
