package com.misybot.hub.pipelines.templates;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A route made from a template through the registry: versioned and activated like any operator route. */
public record PipelineInstance(String name, String templateId, int version, String status, List<String> routeIds,
                               Map<String, String> parameters, String author, Instant createdAt,
                               Instant activatedAt) {
}
