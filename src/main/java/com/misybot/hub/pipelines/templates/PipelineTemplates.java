package com.misybot.hub.pipelines.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.operator.RouteRegistry;
import com.misybot.hub.operator.validation.RouteValidationException;
import com.misybot.hub.operator.RouteVersion;
import com.misybot.hub.platform.Problem;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import com.misybot.hub.platform.web.Caller;
import com.misybot.hub.platform.web.SchemaViolations;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Variable;
import org.springframework.stereotype.Service;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The template registry (PIPE-1): the route templates of the active operator YAML, each with its parameter
 * schema, and the routes made from them. An instance is a {@code templatedRoute} unit of its own, so it goes through
 * the same validation, versions, activation, audit and rollback as any operator route (source
 * {@code template:<templateId>}).
 */
@Service("pipelineTemplates")
public class PipelineTemplates {

    static final String SOURCE_PREFIX = "template:";

    private final RouteRegistry registry;
    private final TemplateSchemas schemas;

    public PipelineTemplates(RouteRegistry registry, ObjectMapper json) {
        this.registry = registry;
        this.schemas = new TemplateSchemas(json);
    }

    /** Every template of every active unit. */
    public List<PipelineTemplate> list() {
        List<PipelineTemplate> found = new ArrayList<>();
        for (RouteVersion unit : registry.units()) {
            if (unit.status() == RouteVersion.Status.ACTIVE && !unit.templateIds().isEmpty()) {
                found.addAll(schemas.templates(unit.routeId(), unit.version(), unit.yaml()));
            }
        }
        return found;
    }

    public PipelineTemplate template(@Variable("templateId") String templateId) {
        return list().stream().filter(t -> t.templateId().equals(templateId)).findFirst()
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "No template " + templateId));
    }

    /** Validates the parameters against the template's schema, stores the instance as a version and activates it. */
    public PipelineInstance create(@Variable("templateId") String templateId, @Variable("json") JsonNode request,
                                   @Variable("caller") Caller caller) {
        PipelineTemplate template = template(templateId);
        String name = request.path("name").asText();
        JsonNode parameters = request.path("parameters");
        Set<ValidationMessage> errors = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(template.parameterSchema()).validate(parameters);
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION, "The parameters break " + errors.size()
                    + " rule(s) of template " + templateId + ".", SchemaViolations.of(errors).stream()
                    .map(v -> new Problem.Violation("/parameters" + v.pointer(), v.rule(),
                            v.message())).toList(), null);
        }
        registry.active(name).filter(v -> !(SOURCE_PREFIX + templateId).equals(v.source())).ifPresent(v -> {
            throw new ProblemException(ProblemType.CONFLICT, "Route " + name + " exists and is not an instance of "
                    + templateId);
        });
        Map<String, String> values = new LinkedHashMap<>();
        parameters.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        RouteVersion stored;
        try {
            // the templated route passes the same validator as any operator YAML (a parameter may break its rules)
            stored = registry.submit(yaml(templateId, name, values), caller.id(), caller.roles(),
                    SOURCE_PREFIX + templateId);
        } catch (RouteValidationException e) {
            throw e.toProblem("Instance " + name + " of template " + templateId);
        }
        return view(registry.activate(stored.routeId(), stored.version(), caller.id()));
    }

    public List<PipelineInstance> instances(@Variable("templateId") String templateId) {
        template(templateId);
        return registry.units().stream()
                .filter(v -> (SOURCE_PREFIX + templateId).equals(v.source()))
                .filter(v -> v.status() != RouteVersion.Status.RETIRED)
                .map(this::view).toList();
    }

    public PipelineInstance instance(@Variable("templateId") String templateId, @Variable("name") String name) {
        return instances(templateId).stream().filter(i -> i.name().equals(name)).findFirst()
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                        "No instance " + name + " of template " + templateId));
    }

    /** Stops and removes the instance's route; its versions stay (retired) for the record. */
    public Map<String, Object> delete(@Variable("templateId") String templateId, @Variable("name") String name,
                                      @Variable("caller") Caller caller) {
        instance(templateId, name);
        registry.retire(name, caller.id());
        return Map.of("name", name, "templateId", templateId, "status", "retired");
    }

    private PipelineInstance view(RouteVersion version) {
        Map<String, String> parameters = new LinkedHashMap<>();
        String templateId = version.source() == null ? null : version.source().substring(SOURCE_PREFIX.length());
        Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(version.yaml());
        if (root instanceof List<?> items && !items.isEmpty() && items.get(0) instanceof Map<?, ?> item
                && item.get("templatedRoute") instanceof Map<?, ?> templated
                && templated.get("parameters") instanceof List<?> list) {
            for (Object p : list) {
                if (p instanceof Map<?, ?> parameter) {
                    parameters.put(String.valueOf(parameter.get("name")), String.valueOf(parameter.get("value")));
                }
            }
        }
        return new PipelineInstance(version.routeId(), templateId, version.version(),
                version.status().name().toLowerCase(), version.routeIds(), parameters, version.author(),
                version.createdAt(), version.activatedAt());
    }

    /** The instance's YAML: one templatedRoute, readable and diffable like a hand-written file. */
    static String yaml(String templateId, String name, Map<String, String> parameters) {
        List<Map<String, String>> values = new ArrayList<>();
        parameters.forEach((k, v) -> values.add(Map.of("name", k, "value", v)));
        Map<String, Object> templated = new LinkedHashMap<>();
        templated.put("routeTemplateRef", templateId);
        templated.put("routeId", name);
        if (!values.isEmpty()) {
            templated.put("parameters", values);
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        return "# instance of route template " + templateId + ", made through the template registry\n"
                + new Yaml(options).dump(List.of(Map.of("templatedRoute", templated)));
    }
}
