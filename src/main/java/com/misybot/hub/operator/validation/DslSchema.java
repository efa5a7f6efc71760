package com.misybot.hub.operator.validation;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Camel's own YAML DSL schema ({@code schema/camelYamlDsl.json} in the camel-yaml-dsl jar, draft-04), each error
 * placed at the line of the node it is about. The schema is a tree of oneOf/anyOf alternatives (every step may be
 * written several ways), so one mistake yields a message per alternative: these are
 * reduced to the messages that name what the author has to change (see {@link #mostSpecific}).
 */
public final class DslSchema {

    private static final String RESOURCE = "schema/camelYamlDsl.json";

    private final JsonSchema schema;

    public DslSchema() {
        // Neither preloaded nor cached: the DSL's $refs nest alternatives in alternatives, and expanding them all
        // up front held 248 MB of schema objects per hub (5.4 s to build); resolved on use and not kept, the schema
        // holds 7 MB and validating the shipped routes takes as long (DslSchemaFootprintTest)
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER)
                .preloadJsonSchema(false).cacheRefs(false).build();
        try (InputStream in = DslSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath (camel-yaml-dsl)");
            }
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<RouteError> validate(YamlDocument doc) {
        Set<ValidationMessage> messages = schema.validate(doc.root());
        List<RouteError> errors = new ArrayList<>();
        for (ValidationMessage m : mostSpecific(messages)) {
            YamlDocument.Position at = "additionalProperties".equals(m.getType()) ? doc.keyAt(location(m))
                    : doc.at(location(m));
            errors.add(at.error("Camel YAML DSL schema: " + readable(m)));
        }
        errors.sort(Comparator.comparingInt(RouteError::line).thenComparingInt(RouteError::column));
        return errors;
    }

    /**
     * Drops the alternatives' noise: a oneOf/anyOf summary when a message about the same node or below exists, and
     * a "wrong type" message when the same node or one below has a more specific message (that branch was the one
     * the author meant). What is left says which property or value to change.
     */
    static List<ValidationMessage> mostSpecific(Collection<ValidationMessage> messages) {
        List<ValidationMessage> all = List.copyOf(messages);
        List<ValidationMessage> kept = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (ValidationMessage m : all) {
            String at = location(m);
            boolean noise = (isSummary(m) || "type".equals(m.getType())) && all.stream().anyMatch(other ->
                    other != m && !isSummary(other) && !"type".equals(other.getType())
                            && within(location(other), at));
            if (isSummary(m) && !noise) {
                noise = all.stream().anyMatch(other -> other != m && !isSummary(other)
                        && within(location(other), at));
            }
            if (!noise && seen.add(at + "|" + readable(m))) {
                kept.add(m);
            }
        }
        return kept;
    }

    private static boolean within(String pointer, String ancestor) {
        return pointer.equals(ancestor) || pointer.startsWith(ancestor + "/");
    }

    /** The node a message is about; an unknown property is about the property itself. */
    private static String location(ValidationMessage m) {
        String pointer = m.getInstanceLocation().toString();
        return "additionalProperties".equals(m.getType()) && m.getProperty() != null
                ? pointer + YamlDocument.segment(m.getProperty()) : pointer;
    }

    private static boolean isSummary(ValidationMessage m) {
        return "oneOf".equals(m.getType()) || "anyOf".equals(m.getType()) || "not".equals(m.getType());
    }

    private static String readable(ValidationMessage m) {
        String pointer = m.getInstanceLocation().toString();
        String node = lastName(pointer);
        if ("additionalProperties".equals(m.getType()) && m.getProperty() != null) {
            return "unknown property '" + m.getProperty() + "'" + (node.isEmpty() ? "" : " in '" + node + "'");
        }
        String message = m.getMessage();
        // networknt starts with the instance path ("/0/route/from: ..."); line, column and node name say it better
        if (message.startsWith(pointer + ": ")) {
            message = message.substring(pointer.length() + 2);
        }
        return node.isEmpty() ? message : "'" + node + "': " + message;
    }

    /** The last mapping key of a pointer ("/0/route/from/steps/2/to" gives "to"). */
    private static String lastName(String pointer) {
        String[] parts = pointer.split("/");
        for (int i = parts.length - 1; i > 0; i--) {
            if (!parts[i].chars().allMatch(Character::isDigit)) {
                return parts[i].replace("~1", "/").replace("~0", "~");
            }
        }
        return "";
    }
}
