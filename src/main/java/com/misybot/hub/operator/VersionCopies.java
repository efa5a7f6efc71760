package com.misybot.hub.operator;

import com.misybot.hub.operator.validation.CamelYamlRouteValidator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * A version of a unit served beside the unit's active version (an A/B experiment's route-version variant): the same
 * YAML with every route id, route template id and {@code direct:}/{@code seda:} endpoint the unit consumes from
 * suffixed by {@code --v<N>}, so both versions run in one CamelContext and a caller picks one by the endpoint name.
 * References between the unit's own routes (steps, saga compensations, templated routes) follow the rename;
 * endpoints of other units and kamelets stay as they are. Only a unit entered through {@code direct:} and
 * {@code seda:} can be copied: an HTTP path, a timer or a bus queue cannot be consumed twice.
 */
public final class VersionCopies {

    private static final String SEPARATOR = "--v";
    private static final Pattern COPY_ID = Pattern.compile(".+" + Pattern.quote(SEPARATOR) + "\\d+");
    private static final Pattern LOCAL = Pattern.compile("^(direct|seda):(?://)?([^?]+)(\\?.*)?$");
    private static final Set<String> ENTRIES = Set.of("route", "routeTemplate", "templatedRoute");

    /** A unit's version a caller wants served: by the active routes, or by a copy. */
    public record VersionRef(String routeId, int version) {
    }

    private VersionCopies() {
    }

    /** What a caller appends to an endpoint name of the unit to reach version {@code version}'s copy. */
    public static String suffix(int version) {
        return SEPARATOR + version;
    }

    public static String copyId(String unit, int version) {
        return unit + suffix(version);
    }

    /** True for a copy's unit id (never an operator unit: the registry manages copies apart). */
    public static boolean isCopy(String unitId) {
        return unitId != null && COPY_ID.matcher(unitId).matches();
    }

    /** Why the YAML cannot serve beside another version, or null when it can. */
    public static String whyNotCopyable(String yaml) {
        List<?> entries = entries(yaml);
        for (Object entry : entries) {
            if (!(entry instanceof Map<?, ?> map) || map.size() != 1 || !ENTRIES.contains(key(map))) {
                return "it declares " + (entry instanceof Map<?, ?> m ? "'" + key(m) + "'" : "a non-route entry")
                        + "; only routes, route templates and templated routes can be served twice";
            }
            Map<?, ?> route = routeOf(map);
            if (route != null) {
                String uri = fromUri(route);
                if (uri == null || !LOCAL.matcher(uri).matches()) {
                    return "route " + ((Map<?, ?>) map.values().iterator().next()).get("id") + " consumes from "
                            + uri + "; only direct: and seda: consumers can be served twice";
                }
            }
        }
        return null;
    }

    /** The copy of {@code version}: its YAML renamed, its route and template ids, a sha256 of the new text. */
    public static RouteVersion copy(RouteVersion version) {
        String suffix = suffix(version.version());
        List<?> entries = entries(version.yaml());
        Set<String> locals = new LinkedHashSet<>();
        Set<String> templates = new LinkedHashSet<>();
        for (Object entry : entries) {
            if (entry instanceof Map<?, ?> map && map.get("routeTemplate") instanceof Map<?, ?> template) {
                templates.add(String.valueOf(template.get("id")));
            }
            Map<?, ?> route = entry instanceof Map<?, ?> map ? routeOf(map) : null;
            Matcher from = route == null || fromUri(route) == null ? null : LOCAL.matcher(fromUri(route));
            if (from != null && from.matches()) {
                locals.add(from.group(2));
            }
        }
        List<Object> renamed = new ArrayList<>();
        for (Object entry : entries) {
            renamed.add(rename(entry, locals, templates, suffix, null));
        }
        String yaml = "# served beside the active version: " + version.routeId() + " v" + version.version()
                + " with ids and endpoints suffixed " + suffix + "\n"
                + new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build()).dumpToString(renamed);
        return new RouteVersion(copyId(version.routeId(), version.version()), version.version(),
                CamelYamlRouteValidator.sha256(yaml),
                version.routeIds().stream().map(id -> id + suffix).toList(),
                version.templateIds().stream().map(id -> templates.contains(id) ? id + suffix : id).toList(),
                version.author(),
                RouteVersion.Status.ACTIVE, "copy of " + version.routeId() + " v" + version.version(),
                version.createdAt(), version.activatedAt(), yaml);
    }

    private static Object rename(Object node, Set<String> locals, Set<String> templates, String suffix,
                                 String parentKey) {
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object key = e.getKey();
                Object value = e.getValue();
                boolean idOfEntry = ("route".equals(parentKey) || "routeTemplate".equals(parentKey))
                        && "id".equals(key);
                // a templated route's id, and its template when the unit declares it (not another unit's)
                boolean templated = "templatedRoute".equals(parentKey) && ("routeId".equals(key)
                        || "routeTemplateRef".equals(key) && templates.contains(String.valueOf(value)));
                if ((idOfEntry || templated) && value instanceof String s) {
                    out.put(key, s + suffix);
                } else {
                    out.put(key, rename(value, locals, templates, suffix, key instanceof String k ? k : null));
                }
            }
            return out;
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object item : list) {
                out.add(rename(item, locals, templates, suffix, null));
            }
            return out;
        }
        if (node instanceof String text) {
            Matcher local = LOCAL.matcher(text);
            if (local.matches() && locals.contains(local.group(2))) {
                return local.group(1) + ":" + local.group(2) + suffix + (local.group(3) == null ? "" : local.group(3));
            }
        }
        return node;
    }

    private static List<?> entries(String yaml) {
        Object document = new Load(LoadSettings.builder().build()).loadFromString(yaml);
        return document instanceof List<?> list ? list : List.of();
    }

    private static String key(Map<?, ?> map) {
        return String.valueOf(map.keySet().iterator().next());
    }

    /** The route of a {@code route} or {@code routeTemplate} entry (null for a templated route). */
    private static Map<?, ?> routeOf(Map<?, ?> entry) {
        if (entry.get("route") instanceof Map<?, ?> route) {
            return route;
        }
        if (entry.get("routeTemplate") instanceof Map<?, ?> template && template.get("route") instanceof Map<?, ?> r) {
            return r;
        }
        return null;
    }

    private static String fromUri(Map<?, ?> route) {
        Object from = route.get("from");
        if (from instanceof Map<?, ?> f && f.get("uri") instanceof String uri) {
            return uri;
        }
        return null;
    }

}
