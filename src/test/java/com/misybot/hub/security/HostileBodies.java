package com.misybot.hub.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik generators of request bodies that break a JSON Schema on purpose: wrong types, missing required members,
 * out-of-range numbers and lengths, pattern-breaking and injection strings, unknown (prototype-pollution) members,
 * duplicate keys whose last value is invalid, deep nesting, malformed and NaN-like literals. Every body is invalid
 * by construction (HostileBodiesTest checks it against the schema), so a hub that stores nothing for an invalid
 * request writes no row for any of them. Non-ASCII is sent as \\uXXXX escapes, so lone surrogates and U+0000 reach
 * the hub as written.
 */
public final class HostileBodies {

    /** A body and the kind of damage done to it (for the failure report). */
    public record Hostile(String kind, String body) {
    }

    static final JsonMapper WRITER = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Unicode edge cases: NUL, lone surrogates, invisible and direction characters, case-mapping traps. */
    static final List<String> UNICODE = List.of("\u0000", "a\u0000b", "\ud800", "x\udfff", "\ud83d\ude00",
            "\u202etxt.exe", "\u200b", "\ufeff", "e\u0301", "\uffff", "\ud835\udd4f", "\u0130", "\u00df", "\u2028",
            "\u0085", "\uff41\uff44\uff4d\uff49\uff4e", "\u001b[31m", "\r\nSet-Cookie: x=y", " ", "\t", "\\", "\"");
    /** SQL, NoSQL, JSON, template, expression-language, path and URL injection strings. */
    static final List<String> INJECTION = List.of("' OR '1'='1", "'; DROP TABLE app_user;--",
            "1; SELECT pg_sleep(10)--", "{\"$gt\":\"\"}", "\",\"roles\":[\"superadmin\"],\"x\":\"",
            "${jndi:ldap://127.0.0.1/x}", "${bean:tokenService}", "${exchangeProperty.CamelCorrelationId}",
            "{{7*7}}", "#{7*7}", "<script>alert(1)</script>", "../../etc/passwd", "%00", "%2e%2e%2f", "admin'--",
            "file:///etc/passwd", "http://169.254.169.254/latest/meta-data/", "$(id)", "`id`", "null", "undefined");
    /** Member names that pollute prototypes or assign what a caller must not choose. */
    static final List<String> POLLUTING_KEYS = List.of("__proto__", "constructor", "prototype", "__proto__.isAdmin",
            "constructor[prototype][isAdmin]", "$where", "$ne", "roles", "ownerId", "owner_id", "isAdmin", "id",
            "unexpected", "", "\u0000", "\ud800", "a".repeat(300));
    /** Number literals JSON does not have. */
    static final List<String> NAN_LIKE = List.of("NaN", "-NaN", "Infinity", "-Infinity", "0x10", "01", "+1", ".5", "1.",
            "1e", "--1", "1_000", "\u0661");
    /** Valid JSON numbers a string, boolean, array or object member must refuse. */
    static final List<String> EXTREME_NUMBERS = List.of("1e999", "-1e999", "9223372036854775808",
            "-9223372036854775809", "1e-999", "-0", "0.1", "123456789012345678901234567890");

    private HostileBodies() {
    }

    /** Every kind of damage to {@code valid} (a schema-valid body of {@code schema}). */
    public static Arbitrary<Hostile> invalid(JsonNode schema, JsonNode valid) {
        Target target = Target.of(schema, valid);
        List<Arbitrary<Hostile>> kinds = new ArrayList<>();
        kinds.add(wrongType(target));
        kinds.add(wrongRoot(schema));
        kinds.add(malformed(target));
        kinds.add(deepNesting(target));
        if (target.closed()) {
            kinds.add(unknownMember(target));
        }
        if (target.schema.path("required").size() > 0) {
            kinds.add(missingRequired(target));
        }
        if (!target.bounded().isEmpty()) {
            kinds.add(outOfBounds(target));
        }
        if (!target.patterned().isEmpty()) {
            kinds.add(patternBreaking(target));
        }
        if (target.valid.size() > 0) {
            kinds.add(duplicateKey(target));
        }
        return Arbitraries.oneOf(kinds);
    }

    // --- the damage

    private static Arbitrary<Hostile> wrongType(Target target) {
        List<String> typed = target.typedProperties();
        if (typed.isEmpty()) {
            return wrongRoot(target.schema);
        }
        return Arbitraries.of(typed).flatMap(p -> Arbitraries.of(notOfType(target.property(p)))
                .map(v -> target.with(p, v, "wrong-type")));
    }

    private static Arbitrary<Hostile> wrongRoot(JsonNode schema) {
        List<String> roots = "array".equals(SchemaSamples.type(schema))
                ? List.of("{}", "\"x\"", "42", "null", "true", "[]", "{\"0\":{}}")
                : List.of("[]", "\"x\"", "42", "null", "true", "[{}]", "\"{}\"");
        return Arbitraries.of(roots).map(r -> new Hostile("wrong-root", r));
    }

    private static Arbitrary<Hostile> missingRequired(Target target) {
        List<String> required = new ArrayList<>();
        target.schema.path("required").forEach(r -> required.add(r.asText()));
        return Arbitraries.of(required).map(p -> {
            ObjectNode copy = target.valid.deepCopy();
            copy.remove(p);
            return target.render(copy, "missing-required");
        });
    }

    private static Arbitrary<Hostile> unknownMember(Target target) {
        Arbitrary<String> keys = Arbitraries.of(POLLUTING_KEYS).filter(k -> !target.schema.path("properties").has(k));
        Arbitrary<JsonNode> values = Arbitraries.oneOf(
                Arbitraries.of(INJECTION).map(NODES::textNode),
                Arbitraries.of(UNICODE).map(NODES::textNode),
                Arbitraries.just(NODES.objectNode().put("isAdmin", true).set("roles", NODES.arrayNode().add("superadmin"))),
                Arbitraries.integers().map(NODES::numberNode));
        return Combinators.combine(keys, values).as((k, v) -> {
            ObjectNode copy = target.valid.deepCopy();
            copy.set(k, v);
            return target.render(copy, "unknown-member");
        });
    }

    private static Arbitrary<Hostile> outOfBounds(Target target) {
        return Arbitraries.of(target.bounded()).flatMap(p -> {
            JsonNode s = target.property(p);
            List<JsonNode> values = new ArrayList<>();
            if (s.has("maxLength")) {
                int max = s.get("maxLength").asInt();
                values.add(NODES.textNode("A".repeat(max + 1)));
                values.add(NODES.textNode("\u00e9".repeat(max + 1 + Math.min(max, 4096))));
            }
            if (s.path("minLength").asInt(0) > 0) {
                values.add(NODES.textNode(s.get("minLength").asInt() > 1 ? "a" : ""));
            }
            if (s.has("maximum")) {
                values.add(NODES.numberNode(s.get("maximum").asLong() + 1));
                values.add(rawNumber("9223372036854775808"));
            }
            if (s.has("minimum")) {
                values.add(NODES.numberNode(s.get("minimum").asLong() - 1));
                values.add(rawNumber("-9223372036854775809"));
            }
            if (s.has("maxItems")) {
                ArrayNode many = NODES.arrayNode();
                JsonNode item = target.valid.path(p).size() > 0 ? target.valid.path(p).get(0)
                        : SchemaSamples.valid(s.path("items"), Map.of());
                for (int i = 0; i <= s.get("maxItems").asInt(); i++) {
                    many.add(item.isTextual() && !s.path("items").has("enum") ? NODES.textNode(item.asText() + i) : item);
                }
                values.add(many);
            }
            if (s.path("minItems").asInt(0) > 0) {
                values.add(NODES.arrayNode());
            }
            if (s.path("uniqueItems").asBoolean() && target.valid.path(p).size() > 0) {
                values.add(NODES.arrayNode().add(target.valid.path(p).get(0)).add(target.valid.path(p).get(0)));
            }
            if (s.has("maxProperties")) {
                ObjectNode many = NODES.objectNode();
                for (int i = 0; i <= s.get("maxProperties").asInt(); i++) {
                    many.put("k" + i, "v");
                }
                values.add(many);
            }
            return Arbitraries.of(values).map(v -> target.with(p, v, "out-of-bounds"));
        });
    }

    private static Arbitrary<Hostile> patternBreaking(Target target) {
        return Arbitraries.of(target.patterned()).flatMap(p -> {
            Pattern pattern = Pattern.compile(target.property(p).get("pattern").asText());
            List<String> breaking = new ArrayList<>();
            for (String s : concat(INJECTION, UNICODE)) {
                if (!pattern.matcher(s).find()) {
                    breaking.add(s);
                }
            }
            return Arbitraries.of(breaking).map(v -> target.with(p, NODES.textNode(v), "pattern-breaking"));
        });
    }

    /** The same member twice: the first value valid, the last one of the wrong type (parsers keep the last). */
    private static Arbitrary<Hostile> duplicateKey(Target target) {
        List<String> present = new ArrayList<>();
        target.valid.fieldNames().forEachRemaining(present::add);
        present.retainAll(target.typedProperties());
        if (present.isEmpty()) {
            return wrongRoot(target.schema);
        }
        return Arbitraries.of(present).flatMap(p -> Arbitraries.of(notOfType(target.property(p))).map(bad -> {
            ObjectNode copy = target.valid.deepCopy();
            copy.set(p, bad);
            String text = write(copy);
            String first = "{" + write(NODES.textNode(p)) + ":" + write(target.valid.get(p)) + ",";
            return target.renderText(first + text.substring(1), "duplicate-key");
        }));
    }

    private static Arbitrary<Hostile> deepNesting(Target target) {
        Arbitrary<Integer> depth = Arbitraries.integers().between(65, 2000);
        Arbitrary<String> open = Arbitraries.of("[", "{\"a\":");
        return Combinators.combine(depth, open).as((d, o) -> {
            String close = o.equals("[") ? "]" : "}";
            String nested = o.repeat(d) + "1" + close.repeat(d);
            String member = target.valid.fieldNames().hasNext() ? target.valid.fieldNames().next() : "unexpected";
            ObjectNode copy = target.valid.deepCopy();
            copy.put(member, "@@NESTED@@");
            return target.renderText(write(copy).replace("\"@@NESTED@@\"", nested), "deep-nesting");
        });
    }

    private static Arbitrary<Hostile> malformed(Target target) {
        String text = write(target.valid);
        Arbitrary<Hostile> truncated = Arbitraries.integers().between(0, Math.max(0, text.length() - 1))
                .map(n -> target.renderText(text.substring(0, n), "truncated"));
        Arbitrary<Hostile> trailing = Arbitraries.of("}", "x", " {}", ",", "]", "\u0000")
                .map(t -> target.renderText(text + t, "trailing-garbage"));
        List<String> members = new ArrayList<>();
        target.valid.fieldNames().forEachRemaining(members::add);
        Arbitrary<Hostile> nanLike = members.isEmpty() ? truncated
                : Combinators.combine(Arbitraries.of(members), Arbitraries.of(NAN_LIKE)).as((m, n) -> {
                    ObjectNode copy = target.valid.deepCopy();
                    copy.put(m, "@@RAW@@");
                    return target.renderText(write(copy).replace("\"@@RAW@@\"", n), "nan-like-number");
                });
        Arbitrary<Hostile> syntax = Arbitraries.of("{'a':1}", "{a:1}", "/* c */ {}", "{\"a\":1,}", "[1,]",
                "\"unterminated", "{\"a\":\"\u0001raw control\"}", "\ufeff", "{\"a\" 1}", "tru", "nul")
                .map(s -> new Hostile("bad-syntax", s));
        return Arbitraries.oneOf(truncated, trailing, nanLike, syntax);
    }

    // --- helpers

    /** The object that is damaged: the body itself, or the first item of an array body. */
    private record Target(JsonNode root, JsonNode schema, ObjectNode valid) {

        static Target of(JsonNode rootSchema, JsonNode valid) {
            if ("array".equals(SchemaSamples.type(rootSchema))) {
                return new Target(rootSchema, rootSchema.path("items"), (ObjectNode) valid.get(0));
            }
            if (rootSchema.has("oneOf")) {
                // a oneOf of closed objects (the token request): damage the first branch's shape
                ObjectNode merged = ((ObjectNode) rootSchema).deepCopy();
                JsonNode first = rootSchema.get("oneOf").get(0);
                merged.remove("oneOf");
                first.fields().forEachRemaining(e -> merged.set(e.getKey(), e.getValue()));
                return new Target(rootSchema, merged, (ObjectNode) valid);
            }
            return new Target(rootSchema, rootSchema, (ObjectNode) valid);
        }

        boolean closed() {
            return schema.path("additionalProperties").isBoolean() && !schema.path("additionalProperties").asBoolean();
        }

        JsonNode property(String name) {
            return schema.path("properties").path(name);
        }

        List<String> names(java.util.function.Predicate<JsonNode> test) {
            List<String> names = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (test.test(e.getValue())) {
                    names.add(e.getKey());
                }
            }
            return names;
        }

        List<String> typedProperties() {
            return names(s -> s.has("type") || s.has("enum") || s.has("const"));
        }

        List<String> bounded() {
            return names(s -> s.has("maxLength") || s.path("minLength").asInt(0) > 0 || s.has("maximum")
                    || s.has("minimum") || s.has("maxItems") || s.path("minItems").asInt(0) > 0
                    || s.path("uniqueItems").asBoolean() || s.has("maxProperties"));
        }

        List<String> patterned() {
            return names(s -> s.has("pattern"));
        }

        Hostile with(String property, JsonNode value, String kind) {
            ObjectNode copy = valid.deepCopy();
            copy.set(property, value);
            return render(copy, kind);
        }

        Hostile render(ObjectNode damaged, String kind) {
            return renderText(write(damaged), kind);
        }

        /** The damaged object's text in its place: the whole body, or the only item of an array body. */
        Hostile renderText(String objectText, String kind) {
            boolean array = "array".equals(SchemaSamples.type(root));
            return new Hostile(kind, array ? "[" + objectText + "]" : objectText);
        }
    }

    /** Values of a JSON type (or outside an enum) the property schema does not accept. */
    static List<JsonNode> notOfType(JsonNode s) {
        List<JsonNode> all = new ArrayList<>();
        all.add(NODES.textNode("x"));
        UNICODE.stream().limit(4).forEach(u -> all.add(NODES.textNode(u)));
        all.add(NODES.numberNode(1.5));
        all.add(NODES.numberNode(7));
        EXTREME_NUMBERS.forEach(n -> all.add(rawNumber(n)));
        all.add(NODES.booleanNode(true));
        all.add(NODES.nullNode());
        all.add(NODES.arrayNode());
        all.add(NODES.arrayNode().add("x"));
        all.add(NODES.objectNode());
        all.add(NODES.objectNode().put("$gt", ""));
        List<JsonNode> refused = new ArrayList<>();
        for (JsonNode v : all) {
            if (!accepts(s, v)) {
                refused.add(v);
            }
        }
        return refused;
    }

    /** Whether a value has an accepted type (ignoring every other keyword): conservative, so refusal is sure. */
    private static boolean accepts(JsonNode s, JsonNode v) {
        if (s.has("const")) {
            return s.get("const").equals(v);
        }
        if (s.has("enum")) {
            for (JsonNode e : s.get("enum")) {
                if (e.equals(v) || (e.isTextual() && v.isTextual() && e.asText().equals(v.asText()))) {
                    return true;
                }
            }
            return false;
        }
        List<String> types = new ArrayList<>();
        if (s.path("type").isArray()) {
            s.get("type").forEach(t -> types.add(t.asText()));
        } else {
            types.add(s.path("type").asText());
        }
        for (String t : types) {
            boolean ok = switch (t) {
                case "string" -> v.isTextual();
                // a JSON number whose value is integral may count as an integer: treat every number as accepted
                case "integer", "number" -> v.isNumber() || v.isPojo();
                case "boolean" -> v.isBoolean();
                case "array" -> v.isArray();
                case "object" -> v.isObject();
                case "null" -> v.isNull();
                default -> true;
            };
            if (ok) {
                return true;
            }
        }
        return false;
    }

    /** A number node that writes its literal unchanged (1e999, 9223372036854775808, -0 ...). */
    static JsonNode rawNumber(String literal) {
        return NODES.rawValueNode(new com.fasterxml.jackson.databind.util.RawValue(literal));
    }

    static String write(JsonNode node) {
        try {
            return WRITER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
