package dev.helpstream.routing.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.Channel;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.InboundMessage;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.schema.config.Filter;
import dev.helpstream.schema.config.FilterAction;
import dev.helpstream.schema.config.FilterActionKind;
import dev.helpstream.schema.config.FilterCondition;
import dev.helpstream.schema.config.FilterField;
import dev.helpstream.schema.config.FilterMatch;
import dev.helpstream.schema.config.FilterOperator;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterEngineTest {

    private final FilterEngine engine = new FilterEngine();

    @Test
    void shouldApplyMatchingFiltersInOrderAndStopWhereAFilterSaysSo() {
        List<FilterEngine.Rule> rules = List.of(
                rule(
                        "c-late",
                        30,
                        FilterMatch.ALL,
                        List.of(when(FilterField.SUBJECT, FilterOperator.CONTAINS, "down")),
                        false,
                        action(FilterActionKind.ADD_TAG, "never")),
                rule(
                        "a-vip",
                        10,
                        FilterMatch.ALL,
                        List.of(when(FilterField.SENDER_DOMAIN, FilterOperator.EQUALS, "BigCorp.example")),
                        false,
                        action(FilterActionKind.MARK_IMPORTANT, null),
                        action(FilterActionKind.ADD_TAG, "vip")),
                rule(
                        "b-outage",
                        20,
                        FilterMatch.ALL,
                        List.of(when(FilterField.SUBJECT, FilterOperator.REGEX, "\\bdown\\b")),
                        true,
                        action(FilterActionKind.SET_PRIORITY, "urgent"),
                        action(FilterActionKind.ADD_TAG, "outage")));

        FilterEngine.Result result = engine.apply(rules, message("ops@bigcorp.example", "Server DOWN since 9:00"));

        assertThat(result.fired()).containsExactly("a-vip", "b-outage");
        assertThat(result.important()).isTrue();
        assertThat(result.priorityId()).isEqualTo("urgent");
        assertThat(result.tags()).containsExactly("vip", "outage");
        assertThat(result.reject()).isFalse();
    }

    @Test
    void shouldRequireAllConditionsOrAnyAsConfigured() {
        List<FilterCondition> conditions = List.of(
                when(FilterField.SENDER_ADDRESS, FilterOperator.ENDS_WITH, "@example.com"),
                when(FilterField.BODY, FilterOperator.CONTAINS, "invoice"));
        InboundMessage onlyOne = message("a@example.com", "Hello");

        assertThat(engine.apply(
                                List.of(rule(
                                        "all",
                                        1,
                                        FilterMatch.ALL,
                                        conditions,
                                        false,
                                        action(FilterActionKind.SET_DEPARTMENT, "billing"))),
                                onlyOne)
                        .fired())
                .isEmpty();
        assertThat(engine.apply(
                                List.of(rule(
                                        "any",
                                        1,
                                        FilterMatch.ANY,
                                        conditions,
                                        false,
                                        action(FilterActionKind.SET_DEPARTMENT, "billing"))),
                                onlyOne)
                        .departmentId())
                .isEqualTo("billing");
    }

    @Test
    void shouldHonourCaseSensitivityNegationAndRecipients() {
        FilterCondition caseSensitive = FilterCondition.newBuilder()
                .setField(FilterField.SUBJECT)
                .setOperator(FilterOperator.CONTAINS)
                .setValue("URGENT")
                .setCaseSensitive(true)
                .build();
        FilterCondition notToSales = when(FilterField.RECIPIENT_ADDRESS, FilterOperator.NOT_CONTAINS, "sales@");
        InboundMessage message = InboundMessage.newBuilder(message("a@example.com", "urgent please"))
                .setTo(List.of(
                        new Contact("support@helpdesk.test", null, null),
                        new Contact("sales@helpdesk.test", null, null)))
                .build();

        assertThat(engine.apply(
                                List.of(rule(
                                        "case",
                                        1,
                                        FilterMatch.ALL,
                                        List.of(caseSensitive),
                                        false,
                                        action(FilterActionKind.REJECT, null))),
                                message)
                        .reject())
                .isFalse();
        assertThat(engine.apply(
                                List.of(rule(
                                        "not-sales",
                                        1,
                                        FilterMatch.ALL,
                                        List.of(notToSales),
                                        false,
                                        action(FilterActionKind.REJECT, null))),
                                message)
                        .reject())
                .isFalse();
    }

    @Test
    void shouldNeverMatchABrokenRegexOrADisabledFilter() {
        FilterEngine.Rule broken = rule(
                "broken",
                1,
                FilterMatch.ALL,
                List.of(when(FilterField.SUBJECT, FilterOperator.REGEX, "([unclosed")),
                false,
                action(FilterActionKind.REJECT, null));
        FilterEngine.Rule disabled = new FilterEngine.Rule(
                "off",
                Filter.newBuilder(rule(
                                        "off",
                                        2,
                                        FilterMatch.ALL,
                                        List.of(when(FilterField.CHANNEL, FilterOperator.EQUALS, "EMAIL")),
                                        false,
                                        action(FilterActionKind.REJECT, null))
                                .filter())
                        .setEnabled(false)
                        .build());

        assertThat(engine.apply(List.of(broken, disabled), message("a@example.com", "([unclosed"))
                        .fired())
                .isEmpty();
    }

    @Test
    void shouldCollectCcsAndAutomaticRepliesAcrossFilters() {
        FilterCondition always = when(FilterField.CHANNEL, FilterOperator.EQUALS, "email");
        FilterEngine.Result result = engine.apply(
                List.of(
                        rule(
                                "cc",
                                1,
                                FilterMatch.ALL,
                                List.of(always),
                                false,
                                action(FilterActionKind.ADD_CC, "account-manager@helpdesk.test"),
                                action(FilterActionKind.AUTO_REPLY, "canned-ack")),
                        rule(
                                "close",
                                2,
                                FilterMatch.ALL,
                                List.of(always),
                                false,
                                action(FilterActionKind.AUTO_REPLY, "canned-closed"),
                                action(FilterActionKind.CLOSE, null))),
                message("a@example.com", "Out of office"));

        assertThat(result.cc()).extracting(Contact::getEmail).containsExactly("account-manager@helpdesk.test");
        assertThat(result.autoReplies()).containsExactly("canned-ack", "canned-closed");
        assertThat(result.close()).isTrue();
    }

    static FilterEngine.Rule rule(
            String id,
            int order,
            FilterMatch match,
            List<FilterCondition> conditions,
            boolean stop,
            FilterAction... actions) {
        return new FilterEngine.Rule(
                id,
                Filter.newBuilder()
                        .setName(id)
                        .setOrder(order)
                        .setMatch(match)
                        .setConditions(conditions)
                        .setActions(List.of(actions))
                        .setStopProcessing(stop)
                        .build());
    }

    static FilterCondition when(FilterField field, FilterOperator operator, String value) {
        return FilterCondition.newBuilder()
                .setField(field)
                .setOperator(operator)
                .setValue(value)
                .build();
    }

    static FilterAction action(FilterActionKind kind, String value) {
        return FilterAction.newBuilder().setKind(kind).setValue(value).build();
    }

    static InboundMessage message(String from, String subject) {
        return InboundMessage.newBuilder()
                .setMessageId("<" + subject.hashCode() + "@x>")
                .setChannel(Channel.EMAIL)
                .setReceivedAt(Instant.parse("2026-03-02T09:00:00Z"))
                .setFrom(new Contact(from, "Sender", null))
                .setSubject(subject)
                .setBody(MessageBody.newBuilder().setText(subject + ": details").build())
                .build();
    }
}
