package com.misybot.hub.ingress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.platform.HubProperties;
import com.misybot.hub.platform.Problem;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Parses the request body as JSON before schema validation: empty or malformed JSON and documents nested deeper
 * than {@code hub.ingress.max-json-depth} are refused with 400. The parsed tree is kept in the variable
 * {@value #VARIABLE}; the body stays the original text for the json-validator.
 */
@Component("jsonBody")
public class JsonBody implements Processor {

    public static final String VARIABLE = "json";

    private final ObjectMapper mapper;
    private final int maxDepth;

    public JsonBody(HubProperties properties) {
        this.maxDepth = properties.ingress().maxJsonDepth();
        // trailing content after the document ("{} junk") is malformed too
        this.mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth).build());
    }

    @Override
    public void process(Exchange exchange) {
        String text = exchange.getMessage().getBody(String.class);
        exchange.setVariable(VARIABLE, parse(text));
        exchange.getMessage().setBody(text);
    }

    /** JSON Pointer of the first string or member name holding U+0000, or null when there is none. */
    static String nulPointer(JsonNode node, String pointer) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\u0000') >= 0 ? pointer : null;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                // the pointer names the member with its NUL written out, so the problem detail holds none
                String here = pointer + "/" + member.getKey().replace("~", "~0").replace("/", "~1")
                        .replace("\u0000", "\\u0000");
                if (member.getKey().indexOf('\u0000') >= 0) {
                    return here;
                }
                String inside = nulPointer(member.getValue(), here);
                if (inside != null) {
                    return inside;
                }
            }
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String inside = nulPointer(node.get(i), pointer + "/" + i);
                if (inside != null) {
                    return inside;
                }
            }
        }
        return null;
    }

    /** Parses {@code text}, mapping every failure to a problem. */
    public JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ProblemException(ProblemType.MALFORMED_JSON, "The request body is empty; a JSON document is required.");
        }
        try {
            JsonNode node = mapper.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new ProblemException(ProblemType.MALFORMED_JSON, "The request body holds no JSON document.");
            }
            String nul = nulPointer(node, "");
            if (nul != null) {
                // valid JSON, but PostgreSQL text and jsonb cannot hold U+0000: refused here rather than by the store
                throw new ProblemException(ProblemType.VALIDATION, "The request body contains U+0000 (NUL) at "
                        + (nul.isEmpty() ? "/" : nul) + "; text may not contain it.",
                        List.of(new Problem.Violation(nul.isEmpty() ? "/" : nul, "nul", "must not contain U+0000")), null);
            }
            return node;
        } catch (StreamConstraintsException e) {
            throw new ProblemException(ProblemType.JSON_TOO_DEEP,
                    "The JSON document is nested deeper than " + maxDepth + " levels.");
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ProblemException(ProblemType.MALFORMED_JSON, "The request body is not valid JSON" + where + ".");
        }
    }
}
