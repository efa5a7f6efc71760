package com.misybot.hub.ingress.openapi;

import java.util.List;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.springframework.stereotype.Component;

/**
 * What the running routes say about an operation: which route serves a REST DSL verb, and which JSON schema
 * that route validates the request body with (its {@code json-validator:} step), so the contract shows the very
 * schema that is enforced.
 */
@Component
public class RouteSchemas {

    private static final String VALIDATOR = "json-validator:";

    private final CamelContext camel;

    public RouteSchemas(CamelContext camel) {
        this.camel = camel;
    }

    /** The id of the route a REST verb hands its requests to ({@code to("direct:<route id>")}), else the verb id. */
    public String routeOf(String verbId) {
        for (RestDefinition rest : model().getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                if (verbId.equals(verb.getId()) && verb.getTo() != null
                        && verb.getTo().getEndpointUri().startsWith("direct:")) {
                    String uri = verb.getTo().getEndpointUri().substring("direct:".length());
                    return uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
                }
            }
        }
        return verbId;
    }

    /** The schema file (in config/schemas) the route validates its body with, if it validates one. */
    public Optional<String> requestSchema(String routeId) {
        RouteDefinition route = model().getRouteDefinition(routeId);
        return route == null ? Optional.empty() : validatorIn(route.getOutputs());
    }

    private static Optional<String> validatorIn(List<ProcessorDefinition<?>> outputs) {
        for (ProcessorDefinition<?> output : outputs) {
            if (output instanceof ToDefinition to && to.getEndpointUri().startsWith(VALIDATOR)) {
                String uri = to.getEndpointUri();
                String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
                return Optional.of(path.substring(path.lastIndexOf('/') + 1));
            }
            Optional<String> nested = validatorIn(output.getOutputs());
            if (nested.isPresent()) {
                return nested;
            }
        }
        return Optional.empty();
    }

    private Model model() {
        return camel.getCamelContextExtension().getContextPlugin(Model.class);
    }
}
