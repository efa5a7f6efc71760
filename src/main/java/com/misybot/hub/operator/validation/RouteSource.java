package com.misybot.hub.operator.validation;

import java.util.List;

/**
 * Operator YAML that passed validation: the unit that is versioned, activated and rolled back as a whole.
 * {@code unitId} is the id of the first route, route template or templated route in the text; {@code routeIds}
 * are every route it defines (templated routes included), {@code templateIds} every route template.
 */
public record RouteSource(String unitId, List<String> routeIds, List<String> templateIds, String yaml,
                          String sha256) {
}
