package com.misybot.hub.operator.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Ids the running hub already uses belong to whoever defined them: operator YAML may reuse an id only when the
 * route (or template) is owned by the same unit, i.e. a new version of it. Without a {@link RouteOwnership} bean no
 * owner is known, so every existing id counts as a platform id.
 */
final class IdOwnershipRules {

    private final CamelContext camelContext;
    private final ObjectProvider<RouteOwnership> ownership;

    IdOwnershipRules(CamelContext camelContext, ObjectProvider<RouteOwnership> ownership) {
        this.camelContext = camelContext;
        this.ownership = ownership;
    }

    List<RouteError> check(YamlDocument doc, UnitIds unit) {
        List<RouteError> errors = new ArrayList<>();
        String unitId = unit.unitId();
        RouteOwnership owners = ownership.getIfAvailable();
        for (UnitIds.Id id : unit.ids()) {
            if (id.id() == null) {
                continue;
            }
            boolean taken = id.kind() == UnitIds.Kind.ROUTE_TEMPLATE
                    ? CamelYamlRouteValidator.platformTemplates(camelContext).contains(id.id())
                    : camelContext.getRoute(id.id()) != null;
            if (!taken) {
                continue;
            }
            Optional<String> owner = owners == null ? Optional.empty() : owners.unitOf(id.id());
            if (owner.isEmpty()) {
                errors.add(doc.error(id.pointer(), "Id '" + id.id() + "' belongs to a platform route of the hub"));
            } else if (!owner.get().equals(unitId)) {
                errors.add(doc.error(id.pointer(), "Id '" + id.id() + "' belongs to operator unit '" + owner.get()
                        + "'"));
            }
        }
        return errors;
    }
}
