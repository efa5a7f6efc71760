package com.misybot.hub.pipelines.templates;

import com.misybot.hub.platform.web.IngressRouteBuilder;
import com.misybot.hub.platform.web.JsonReplies;
import org.springframework.stereotype.Component;

/**
 * The template registry's API: templates with their parameter schemas (operator, auditor), instances made, read
 * and removed through the route registry (operator); who may call is enforced by SecurityConfiguration.
 */
@Component
public class PipelineTemplateRoutes extends IngressRouteBuilder {

    public PipelineTemplateRoutes(JsonReplies replies) {
        super(replies);
    }

    @Override
    public void configure() {
        rest("/pipelines/templates").tag("pipelines")
                .get().id("rest-pipeline-templates")
                    .description("Route templates of the active operator YAML, each with its parameter JSON schema")
                    .produces("application/json").to("direct:pipeline-templates")
                .get("/{templateId}").id("rest-pipeline-template")
                    .produces("application/json").to("direct:pipeline-template")
                .post("/{templateId}/instances").id("rest-pipeline-instance-create")
                    .description("A route from the template: {\"name\",\"parameters\":{}} → 201, validated against "
                            + "the template's schema, versioned and activated like any operator route")
                    .consumes("application/json").produces("application/json")
                    .to("direct:pipeline-instance-create")
                .get("/{templateId}/instances").id("rest-pipeline-instances")
                    .produces("application/json").to("direct:pipeline-instances")
                .get("/{templateId}/instances/{name}").id("rest-pipeline-instance")
                    .produces("application/json").to("direct:pipeline-instance")
                .delete("/{templateId}/instances/{name}").id("rest-pipeline-instance-delete")
                    .description("Stops and removes the instance's route (its versions stay, retired)")
                    .produces("application/json").to("direct:pipeline-instance-delete");

        ingress("pipeline-templates").bean("pipelineTemplates", "list").process(reply(200));
        ingress("pipeline-template", "templateId").bean("pipelineTemplates", "template").process(reply(200));
        jsonIngress("pipeline-instance-create", "pipeline-instance.request.json", "templateId")
                .bean("pipelineTemplates", "create").process(reply(201));
        ingress("pipeline-instances", "templateId").bean("pipelineTemplates", "instances").process(reply(200));
        ingress("pipeline-instance", "templateId", "name").bean("pipelineTemplates", "instance")
                .process(reply(200));
        ingress("pipeline-instance-delete", "templateId", "name").bean("pipelineTemplates", "delete")
                .process(reply(200));
    }
}
