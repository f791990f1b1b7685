package dev.helpstream.routing.ticket;

import dev.helpstream.schema.Contact;
import dev.helpstream.schema.InboundMessage;
import dev.helpstream.schema.config.Filter;
import dev.helpstream.schema.config.FilterAction;
import dev.helpstream.schema.config.FilterCondition;
import dev.helpstream.schema.config.FilterMatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Applies the configured filters to a message that opens a ticket, in their order: each filter
 * whose conditions hold (all of them, or any, as it says) contributes its actions; a filter with
 * "stop processing" ends the run. Later actions of the same kind override earlier ones, except
 * CCs, tags and automatic replies, which add up.
 */
public final class FilterEngine {

    /** Compiled regular expressions, shared; a bad expression never matches. */
    private final Map<String, Pattern> patterns = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Pattern> eldest) {
            return size() > 256;
        }
    };

    /** One configured filter with its id. */
    public record Rule(String id, Filter filter) {}

    /** What the filters decided; null fields leave the ticket's default. */
    public record Result(
            List<String> fired,
            String departmentId,
            String serviceId,
            String assigneeId,
            String priorityId,
            String categoryId,
            String typeId,
            boolean spam,
            boolean important,
            boolean reject,
            boolean close,
            List<Contact> cc,
            List<String> tags,
            List<String> autoReplies) {}

    /** Runs the rules, sorted by their order then id, over {@code message}. */
    public Result apply(List<Rule> rules, InboundMessage message) {
        List<Rule> ordered = new ArrayList<>(rules);
        ordered.sort((a, b) -> a.filter().getOrder() != b.filter().getOrder()
                ? Integer.compare(a.filter().getOrder(), b.filter().getOrder())
                : a.id().compareTo(b.id()));
        Builder result = new Builder();
        for (Rule rule : ordered) {
            Filter filter = rule.filter();
            if (!filter.getEnabled() || filter.getConditions().isEmpty() || !matches(filter, message)) {
                continue;
            }
            result.fired.add(rule.id());
            filter.getActions().forEach(result::apply);
            if (filter.getStopProcessing()) {
                break;
            }
        }
        return result.build();
    }

    private boolean matches(Filter filter, InboundMessage message) {
        boolean any = filter.getMatch() == FilterMatch.ANY;
        for (FilterCondition condition : filter.getConditions()) {
            boolean holds = holds(condition, message);
            if (any && holds) {
                return true;
            }
            if (!any && !holds) {
                return false;
            }
        }
        return !any;
    }

    private boolean holds(FilterCondition condition, InboundMessage message) {
        List<String> values = switch (condition.getField()) {
            case SENDER_ADDRESS -> List.of(message.getFrom().getEmail());
            case SENDER_DOMAIN -> List.of(domain(message.getFrom().getEmail()));
            case SENDER_NAME -> List.of(nullToEmpty(message.getFrom().getDisplayName()));
            case SUBJECT -> List.of(message.getSubject());
            case BODY -> List.of(message.getBody().getText());
            case CHANNEL -> List.of(message.getChannel().name());
            case RECIPIENT_ADDRESS -> recipients(message);
            case UNKNOWN -> List.of();
        };
        boolean negated = switch (condition.getOperator()) {
            case NOT_EQUALS, NOT_CONTAINS -> true;
            default -> false;
        };
        boolean anyValue = values.stream().anyMatch(value -> test(condition, value));
        // "does not contain" must hold for every recipient, "contains" for at least one.
        return negated ? values.stream().allMatch(value -> test(condition, value)) : anyValue;
    }

    private boolean test(FilterCondition condition, String rawValue) {
        boolean caseSensitive = condition.getCaseSensitive();
        String value = caseSensitive ? rawValue : rawValue.toLowerCase(Locale.ROOT);
        String wanted =
                caseSensitive ? condition.getValue() : condition.getValue().toLowerCase(Locale.ROOT);
        return switch (condition.getOperator()) {
            case EQUALS -> value.equals(wanted);
            case NOT_EQUALS -> !value.equals(wanted);
            case CONTAINS -> value.contains(wanted);
            case NOT_CONTAINS -> !value.contains(wanted);
            case STARTS_WITH -> value.startsWith(wanted);
            case ENDS_WITH -> value.endsWith(wanted);
            case REGEX -> matchesRegex(condition.getValue(), caseSensitive, rawValue);
            case UNKNOWN -> false;
        };
    }

    private boolean matchesRegex(String expression, boolean caseSensitive, String value) {
        Pattern pattern = regex(expression, caseSensitive);
        return pattern != null && pattern.matcher(value).find();
    }

    private synchronized Pattern regex(String expression, boolean caseSensitive) {
        String key = (caseSensitive ? "s:" : "i:") + expression;
        if (!patterns.containsKey(key)) {
            Pattern compiled;
            try {
                compiled = Pattern.compile(
                        expression, caseSensitive ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            } catch (PatternSyntaxException e) {
                compiled = null;
            }
            patterns.put(key, compiled);
        }
        return patterns.get(key);
    }

    private static List<String> recipients(InboundMessage message) {
        List<String> recipients = new ArrayList<>();
        if (message.getRecipientAddress() != null) {
            recipients.add(message.getRecipientAddress());
        }
        message.getTo().forEach(to -> recipients.add(to.getEmail()));
        message.getCc().forEach(cc -> recipients.add(cc.getEmail()));
        return recipients;
    }

    private static String domain(String email) {
        int at = email == null ? -1 : email.lastIndexOf('@');
        return at < 0 ? "" : email.substring(at + 1);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static final class Builder {
        final List<String> fired = new ArrayList<>();
        String departmentId;
        String serviceId;
        String assigneeId;
        String priorityId;
        String categoryId;
        String typeId;
        boolean spam;
        boolean important;
        boolean reject;
        boolean close;
        final List<Contact> cc = new ArrayList<>();
        final List<String> tags = new ArrayList<>();
        final List<String> autoReplies = new ArrayList<>();

        void apply(FilterAction action) {
            String value = action.getValue();
            switch (action.getKind()) {
                case SET_DEPARTMENT -> departmentId = value;
                case SET_SERVICE -> serviceId = value;
                case ASSIGN_AGENT -> assigneeId = value;
                case SET_PRIORITY -> priorityId = value;
                case SET_CATEGORY -> categoryId = value;
                case SET_TYPE -> typeId = value;
                case MARK_SPAM -> spam = true;
                case MARK_IMPORTANT -> important = true;
                case REJECT -> reject = true;
                case CLOSE -> close = true;
                case ADD_CC -> {
                    if (value != null && !value.isBlank()) {
                        cc.add(new Contact(value.trim(), null, null));
                    }
                }
                case ADD_TAG -> {
                    if (value != null && !value.isBlank() && !tags.contains(value.trim())) {
                        tags.add(value.trim());
                    }
                }
                case AUTO_REPLY -> {
                    if (value != null && !value.isBlank()) {
                        autoReplies.add(value);
                    }
                }
                case UNKNOWN -> {
                    // An action this version does not know: written by a newer admin UI; skipped.
                }
            }
        }

        Result build() {
            return new Result(
                    List.copyOf(fired),
                    departmentId,
                    serviceId,
                    assigneeId,
                    priorityId,
                    categoryId,
                    typeId,
                    spam,
                    important,
                    reject,
                    close,
                    List.copyOf(cc),
                    List.copyOf(tags),
                    List.copyOf(autoReplies));
        }
    }
}
