package com.misybot.hub.pipelines.templates;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A route template of operator YAML as the template registry shows it: where it lives (unit and version) and its
 * parameters as a JSON schema (draft 2020-12) that instances are validated against.
 */
public record PipelineTemplate(String templateId, String description, String unitId, int version,
                               ObjectNode parameterSchema) {
}
