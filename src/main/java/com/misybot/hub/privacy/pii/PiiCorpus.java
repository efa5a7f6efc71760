package com.misybot.hub.privacy.pii;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads labelled sentences in presidio-research's shape ({@code [{full_text, spans:[{entity_type, start_position,
 * end_position}], template_id}]}) and names the types as the hub does ({@code ADDRESS} is {@code STREET_ADDRESS}).
 */
public final class PiiCorpus {

    private static final Map<String, String> RENAMED = Map.of("ADDRESS", PiiTypes.STREET_ADDRESS);

    private PiiCorpus() {
    }

    public static List<LabelledText> read(Path file) {
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            List<LabelledText> out = new ArrayList<>();
            for (JsonNode item : root) {
                List<LabelledText.Span> spans = new ArrayList<>();
                for (JsonNode s : item.path("spans")) {
                    String type = s.path("entity_type").asText();
                    spans.add(new LabelledText.Span(RENAMED.getOrDefault(type, type), s.path("start_position").asInt(),
                            s.path("end_position").asInt()));
                }
                out.add(new LabelledText(item.path("full_text").asText(), spans, item.path("template_id").asInt(-1)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the PII corpus " + file, e);
        }
    }
}
