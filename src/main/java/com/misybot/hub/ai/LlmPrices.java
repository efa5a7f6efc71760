package com.misybot.hub.ai;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springframework.core.io.ResourceLoader;
import org.yaml.snakeyaml.Yaml;

/** USD prices per million tokens by model ({@code config/llm-prices.yaml}); unknown models cost the default. */
public class LlmPrices {

    private record Price(double input, double output) {
    }

    private final Map<String, Price> prices = new java.util.HashMap<>();
    private final Price fallback;

    @SuppressWarnings("unchecked")
    public LlmPrices(ResourceLoader resources, String location) {
        try (InputStream in = resources.getResource(location).getInputStream()) {
            Map<String, Object> root = new Yaml().load(in);
            Map<String, Map<String, Number>> models = (Map<String, Map<String, Number>>) root.get("models");
            models.forEach((model, p) -> prices.put(model, price(p)));
            fallback = price((Map<String, Number>) root.get("default"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read LLM prices at " + location, e);
        }
    }

    public boolean known(String model) {
        return prices.containsKey(model);
    }

    public double cost(String model, int inputTokens, int outputTokens) {
        Price p = prices.getOrDefault(model, fallback);
        return (inputTokens * p.input() + outputTokens * p.output()) / 1_000_000.0;
    }

    private static Price price(Map<String, Number> p) {
        return p == null ? new Price(0, 0) : new Price(p.get("input").doubleValue(), p.get("output").doubleValue());
    }
}
