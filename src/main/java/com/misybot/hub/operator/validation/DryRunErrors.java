package com.misybot.hub.operator.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.FailedToStartRouteException;
import org.apache.camel.NoSuchBeanException;
import org.apache.camel.NoSuchEndpointException;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.component.bean.MethodNotFoundException;

/**
 * Turns a dry-run failure into an error at the line of the node it is about: Camel names the endpoint URI, bean,
 * method, kamelet or route it failed on, and that name is searched in the submitted YAML (the route's id when
 * nothing more precise is named).
 */
final class DryRunErrors {

    private static final Pattern KAMELET_PARAMS = Pattern.compile(
            "Route template (\\S+) the following mandatory parameters must be provided: (.*)");
    private static final Pattern LINE = Pattern.compile("line (\\d+), column (\\d+)");

    private DryRunErrors() {
    }

    static RouteError of(YamlDocument doc, Throwable failure) {
        String needle = null;
        String routeId = null;
        Throwable specific = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FailedToCreateRouteException f && routeId == null) {
                routeId = f.getRouteId();
            } else if (t instanceof FailedToStartRouteException f && routeId == null) {
                routeId = f.getRouteId();
            }
            if (t instanceof NoSuchEndpointException e) {
                needle = e.getUri();
                specific = t;
            } else if (t instanceof ResolveEndpointFailedException e && needle == null) {
                needle = e.getUri();
                specific = t;
            } else if (t instanceof NoSuchBeanException e) {
                needle = e.getName();
                specific = t;
            } else if (t instanceof MethodNotFoundException e) {
                needle = e.getMethodName();
                specific = t;
            } else if (t.getMessage() != null && KAMELET_PARAMS.matcher(t.getMessage()).find()) {
                Matcher m = KAMELET_PARAMS.matcher(t.getMessage());
                m.find();
                needle = "kamelet:" + m.group(1);
                specific = t;
            }
            if (t.getCause() == null && specific == failure) {
                specific = t;
            }
        }
        String message = "Dry run: " + firstLine(specific.getMessage() != null ? specific.getMessage()
                : specific.getClass().getSimpleName());
        YamlDocument.Position at = needle == null ? null : find(doc, needle);
        if (at == null && specific.getMessage() != null) {
            Matcher line = LINE.matcher(specific.getMessage());
            if (line.find()) {
                at = new YamlDocument.Position(Integer.parseInt(line.group(1)), Integer.parseInt(line.group(2)));
            }
        }
        if (at == null && routeId != null) {
            at = find(doc, routeId);
        }
        return (at == null ? YamlDocument.Position.UNKNOWN : at).error(message);
    }

    /** The first scalar equal to the needle, else one naming the same endpoint (scheme and path), else containing it. */
    private static YamlDocument.Position find(YamlDocument doc, String needle) {
        List<Map.Entry<String, JsonNode>> scalars = new ArrayList<>(doc.scalars());
        for (var s : scalars) {
            if (s.getValue().isTextual() && s.getValue().asText().equals(needle)) {
                return doc.at(s.getKey());
            }
        }
        String endpoint = endpoint(needle);
        for (var s : scalars) {
            if (s.getValue().isTextual() && endpoint(s.getValue().asText()).equals(endpoint)) {
                return doc.at(s.getKey());
            }
        }
        for (var s : scalars) {
            if (s.getValue().isTextual() && s.getValue().asText().startsWith(endpoint)) {
                return doc.at(s.getKey());
            }
        }
        // a bean named inside an endpoint's options (dataSource=#name)
        for (var s : scalars) {
            if (s.getValue().isTextual() && s.getValue().asText().contains(needle)) {
                return doc.at(s.getKey());
            }
        }
        return null;
    }

    /** scheme:path of a URI, without options and without the optional "//" Camel adds when normalizing. */
    private static String endpoint(String uri) {
        String noQuery = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
        return noQuery.replaceFirst("^([A-Za-z0-9+.-]+)://", "$1:");
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }
}
