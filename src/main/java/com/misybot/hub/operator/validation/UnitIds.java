package com.misybot.hub.operator.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The ids a unit of operator YAML defines, in text order: routes (a templated route's {@code routeId} is a route
 * id too) and route templates, each with the pointer where it is written.
 */
record UnitIds(List<Id> ids) {

    enum Kind { ROUTE, ROUTE_TEMPLATE, TEMPLATED_ROUTE }

    /** {@code id} is null when the definition has none; {@code pointer} then names the definition. */
    record Id(Kind kind, String id, String pointer) {
    }

    static UnitIds of(YamlDocument doc) {
        List<Id> ids = new ArrayList<>();
        JsonNode root = doc.root();
        if (!root.isArray()) {
            return new UnitIds(ids);
        }
        for (int i = 0; i < root.size(); i++) {
            JsonNode entry = root.get(i);
            add(ids, Kind.ROUTE, entry.get("route"), "id", "/" + i + "/route");
            add(ids, Kind.ROUTE_TEMPLATE, entry.get("routeTemplate"), "id", "/" + i + "/routeTemplate");
            add(ids, Kind.TEMPLATED_ROUTE, entry.get("templatedRoute"), "routeId", "/" + i + "/templatedRoute");
        }
        return new UnitIds(List.copyOf(ids));
    }

    private static void add(List<Id> ids, Kind kind, JsonNode definition, String field, String pointer) {
        if (definition == null) {
            return;
        }
        String id = Nodes.text(definition, field);
        ids.add(new Id(kind, id, id == null ? pointer : pointer + "/" + field));
    }

    List<String> routeIds() {
        return ids.stream().filter(i -> i.kind() != Kind.ROUTE_TEMPLATE && i.id() != null).map(Id::id).toList();
    }

    List<String> templateIds() {
        return ids.stream().filter(i -> i.kind() == Kind.ROUTE_TEMPLATE && i.id() != null).map(Id::id).toList();
    }

    /** The id of the first definition: the unit that is versioned as a whole. */
    String unitId() {
        return ids.isEmpty() ? null : ids.get(0).id();
    }
}
