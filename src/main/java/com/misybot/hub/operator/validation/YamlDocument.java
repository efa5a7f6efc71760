package com.misybot.hub.operator.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Submitted YAML as a JSON tree (what the schema and the policy read) that still knows where each node was written:
 * every value and every mapping key by its JSON pointer, so any later error can name a line and column.
 */
public final class YamlDocument {

    /** A place in the submitted text, 1-based. */
    public record Position(int line, int column) {
        static final Position UNKNOWN = new Position(0, 0);

        RouteError error(String message) {
            return new RouteError(line, column, message);
        }
    }

    private final String text;
    private final JsonNode root;
    private final Map<String, Position> values;
    private final Map<String, Position> keys;

    private YamlDocument(String text, JsonNode root, Map<String, Position> values, Map<String, Position> keys) {
        this.text = text;
        this.root = root;
        this.values = values;
        this.keys = keys;
    }

    /** Parses one YAML document, or refuses it with the syntax error at its place. */
    public static YamlDocument parse(String text) {
        LoadSettings settings = LoadSettings.builder().setSchema(new CoreSchema())
                .setAllowDuplicateKeys(false).setLabel("routes").build();
        List<Node> documents = new ArrayList<>();
        try {
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
            while (composer.hasNext()) {
                documents.add(composer.next());
            }
        } catch (MarkedYamlEngineException e) {
            Position at = e.getProblemMark().or(e::getContextMark).map(YamlDocument::position)
                    .orElse(Position.UNKNOWN);
            throw new RouteValidationException(List.of(at.error("YAML syntax: " + firstLine(e.getProblem()
                    != null ? e.getProblem() : e.getMessage()) + context(e))));
        } catch (YamlEngineException e) {
            throw new RouteValidationException(List.of(Position.UNKNOWN.error("YAML syntax: "
                    + firstLine(e.getMessage()))));
        }
        if (documents.size() != 1) {
            throw new RouteValidationException(List.of(new Position(1, 1).error(documents.isEmpty()
                    ? "The text holds no YAML document" : "One YAML document per submission, found "
                    + documents.size())));
        }
        Map<String, Position> values = new HashMap<>();
        Map<String, Position> keys = new HashMap<>();
        List<RouteError> duplicates = new ArrayList<>();
        JsonNode root = convert(documents.get(0), "", values, keys, duplicates, 0);
        if (!duplicates.isEmpty()) {
            throw new RouteValidationException(duplicates);
        }
        return new YamlDocument(text, root, values, keys);
    }

    public String text() {
        return text;
    }

    public JsonNode root() {
        return root;
    }

    /** Where the value at {@code pointer} was written, or its nearest written ancestor. */
    public Position at(String pointer) {
        String p = pointer;
        while (true) {
            Position found = values.get(p);
            if (found != null) {
                return found;
            }
            if (p.isEmpty()) {
                return Position.UNKNOWN;
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }

    /** Where the mapping key ending {@code pointer} was written (falls back to its value). */
    public Position keyAt(String pointer) {
        Position key = keys.get(pointer);
        return key != null ? key : at(pointer);
    }

    public RouteError error(String pointer, String message) {
        return at(pointer).error(message);
    }

    /** Every scalar of the document with its pointer, in document order. */
    public List<Map.Entry<String, JsonNode>> scalars() {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        collect(root, "", out);
        return out;
    }

    /** JSON-pointer escaping of one path segment (RFC 6901). */
    public static String segment(String key) {
        return "/" + key.replace("~", "~0").replace("/", "~1");
    }

    private static void collect(JsonNode node, String pointer, List<Map.Entry<String, JsonNode>> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> collect(f.getValue(), pointer + segment(f.getKey()), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), pointer + "/" + i, out);
            }
        } else {
            out.add(Map.entry(pointer, node));
        }
    }

    private static JsonNode convert(Node node, String pointer, Map<String, Position> values,
                                    Map<String, Position> keys, List<RouteError> duplicates, int depth) {
        node.getStartMark().ifPresent(m -> values.put(pointer, position(m)));
        if (depth > 200) {
            // aliases can make a tree recursive; routes are never this deep
            throw new RouteValidationException(List.of(values.getOrDefault(pointer, Position.UNKNOWN)
                    .error("YAML nesting deeper than 200 levels")));
        }
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (node instanceof MappingNode mapping) {
            ObjectNode object = f.objectNode();
            for (NodeTuple tuple : mapping.getValue()) {
                String key = tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : String.valueOf(
                        tuple.getKeyNode());
                String child = pointer + segment(key);
                Position keyPos = tuple.getKeyNode().getStartMark().map(YamlDocument::position)
                        .orElse(Position.UNKNOWN);
                if (object.has(key)) {
                    duplicates.add(keyPos.error("YAML syntax: duplicate key '" + key + "'"));
                    continue;
                }
                keys.put(child, keyPos);
                object.set(key, convert(tuple.getValueNode(), child, values, keys, duplicates, depth + 1));
            }
            return object;
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = f.arrayNode();
            List<Node> items = sequence.getValue();
            for (int i = 0; i < items.size(); i++) {
                array.add(convert(items.get(i), pointer + "/" + i, values, keys, duplicates, depth + 1));
            }
            return array;
        }
        return scalar((ScalarNode) node);
    }

    private static JsonNode scalar(ScalarNode scalar) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        String value = scalar.getValue();
        Tag tag = scalar.getTag();
        try {
            if (Tag.NULL.equals(tag)) {
                return f.nullNode();
            }
            if (Tag.BOOL.equals(tag)) {
                return f.booleanNode(Boolean.parseBoolean(value.toLowerCase()));
            }
            if (Tag.INT.equals(tag)) {
                BigInteger number = value.startsWith("0x") ? new BigInteger(value.substring(2), 16)
                        : value.startsWith("0o") ? new BigInteger(value.substring(2), 8) : new BigInteger(value);
                return number.bitLength() < 64 ? f.numberNode(number.longValue()) : f.numberNode(number);
            }
            if (Tag.FLOAT.equals(tag) && !value.contains("inf") && !value.contains("nan")
                    && !value.contains("Inf") && !value.contains("NaN") && !value.contains("INF")
                    && !value.contains("NAN")) {
                return f.numberNode(Double.parseDouble(value));
            }
        } catch (NumberFormatException e) {
            return f.textNode(value);
        }
        return f.textNode(value);
    }

    private static Position position(Mark mark) {
        return new Position(mark.getLine() + 1, mark.getColumn() + 1);
    }

    private static String context(MarkedYamlEngineException e) {
        return e.getContext() == null ? "" : " (" + e.getContext() + ")";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable YAML";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
