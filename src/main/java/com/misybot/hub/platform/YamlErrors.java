package com.misybot.hub.platform;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonMappingException;

/** Where a configuration file (YAML read with Jackson) is wrong, for start-up errors that name the place. */
public final class YamlErrors {

    private YamlErrors() {
    }

    /** The path in the document, e.g. {@code " at agents[0].exampels"}; empty when Jackson does not know it. */
    public static String path(JacksonException e) {
        if (!(e instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
            return "";
        }
        StringBuilder path = new StringBuilder(" at ");
        for (JsonMappingException.Reference ref : mapping.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() > 4 ? "." : "").append(ref.getFieldName());
            } else {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** {@code " (near line N)"}, or empty without a location. */
    public static String line(JacksonException e) {
        return e.getLocation() == null ? "" : " (near line " + e.getLocation().getLineNr() + ")";
    }
}
