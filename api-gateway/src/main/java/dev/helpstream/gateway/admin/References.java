package dev.helpstream.gateway.admin;

import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.config.Agent;
import dev.helpstream.schema.config.CannedResponse;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.config.Filter;
import dev.helpstream.schema.config.FilterAction;
import dev.helpstream.schema.config.FilterActionKind;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.config.Service;
import dev.helpstream.schema.config.SlaPolicy;
import dev.helpstream.schema.config.SlaTarget;
import dev.helpstream.schema.config.SupportAddress;
import dev.helpstream.schema.config.Webhook;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ids one configuration payload refers to, each with its field: what must exist when the
 * payload is written, and what keeps a referenced entity from being deleted. One list for both,
 * so the two rules cannot drift apart.
 */
final class References {

    /** The filter actions whose value is the id of an entity, and of which type. */
    static final Map<FilterActionKind, ConfigEntityType> FILTER_ACTION_TARGETS = Map.of(
            FilterActionKind.SET_DEPARTMENT, ConfigEntityType.DEPARTMENT,
            FilterActionKind.SET_SERVICE, ConfigEntityType.SERVICE,
            FilterActionKind.ASSIGN_AGENT, ConfigEntityType.AGENT,
            FilterActionKind.SET_PRIORITY, ConfigEntityType.PRIORITY,
            FilterActionKind.SET_CATEGORY, ConfigEntityType.CATEGORY,
            FilterActionKind.SET_TYPE, ConfigEntityType.TICKET_TYPE,
            FilterActionKind.AUTO_REPLY, ConfigEntityType.CANNED_RESPONSE);

    private References() {}

    /**
     * @param field where in the payload, e.g. {@code departmentIds[1]}
     * @param type the type of the entity referred to
     * @param id its id
     */
    record Reference(String field, ConfigEntityType type, String id) {}

    /** Every reference {@code payload} holds, in field order; blank ids are left to other checks. */
    static List<Reference> of(Object payload) {
        List<Reference> found = new ArrayList<>();
        Collector refs = new Collector(found);
        if (payload instanceof Department department) {
            refs.all("agentIds", ConfigEntityType.AGENT, department.getAgentIds());
            refs.all("notifyAgentIds", ConfigEntityType.AGENT, department.getNotifyAgentIds());
        } else if (payload instanceof Service service) {
            refs.one("departmentId", ConfigEntityType.DEPARTMENT, service.getDepartmentId());
        } else if (payload instanceof Agent agent) {
            refs.all("departmentIds", ConfigEntityType.DEPARTMENT, agent.getDepartmentIds());
            agent.getDepartmentSignatures()
                    .keySet()
                    .forEach(department ->
                            refs.one("departmentSignatures." + department, ConfigEntityType.DEPARTMENT, department));
        } else if (payload instanceof Filter filter) {
            for (int i = 0; i < filter.getActions().size(); i++) {
                FilterAction action = filter.getActions().get(i);
                ConfigEntityType target = FILTER_ACTION_TARGETS.get(action.getKind());
                if (target != null) {
                    refs.one("actions[" + i + "].value", target, action.getValue());
                }
            }
        } else if (payload instanceof CannedResponse canned) {
            refs.all("departmentIds", ConfigEntityType.DEPARTMENT, canned.getDepartmentIds());
            refs.all("serviceIds", ConfigEntityType.SERVICE, canned.getServiceIds());
            refs.one("ownerAgentId", ConfigEntityType.AGENT, canned.getOwnerAgentId());
        } else if (payload instanceof HelpdeskSettings settings) {
            refs.one("defaultDepartmentId", ConfigEntityType.DEPARTMENT, settings.getDefaultDepartmentId());
            refs.one("defaultPriorityId", ConfigEntityType.PRIORITY, settings.getDefaultPriorityId());
        } else if (payload instanceof SupportAddress address) {
            refs.one("departmentId", ConfigEntityType.DEPARTMENT, address.getDepartmentId());
            refs.one("serviceId", ConfigEntityType.SERVICE, address.getServiceId());
        } else if (payload instanceof SlaPolicy policy) {
            refs.all(
                    "scope.departmentIds",
                    ConfigEntityType.DEPARTMENT,
                    policy.getScope().getDepartmentIds());
            refs.all(
                    "scope.typeIds",
                    ConfigEntityType.TICKET_TYPE,
                    policy.getScope().getTypeIds());
            refs.one(
                    "scope.minimumPriorityId",
                    ConfigEntityType.PRIORITY,
                    policy.getScope().getMinimumPriorityId());
            for (int i = 0; i < policy.getTargets().size(); i++) {
                SlaTarget target = policy.getTargets().get(i);
                refs.one("targets[" + i + "].statusId", ConfigEntityType.STATUS, target.getStatusId());
            }
            refs.one("calendarId", ConfigEntityType.BUSINESS_CALENDAR, policy.getCalendarId());
            refs.all("pauseOnStatusIds", ConfigEntityType.STATUS, policy.getPauseOnStatusIds());
        } else if (payload instanceof Webhook webhook) {
            refs.all("departmentIds", ConfigEntityType.DEPARTMENT, webhook.getDepartmentIds());
        }
        return found;
    }

    private record Collector(List<Reference> found) {

        void one(String field, ConfigEntityType type, String id) {
            if (id != null && !id.isBlank()) {
                found.add(new Reference(field, type, id));
            }
        }

        void all(String field, ConfigEntityType type, List<String> ids) {
            for (int i = 0; i < ids.size(); i++) {
                one(field + "[" + i + "]", type, ids.get(i));
            }
        }
    }
}
