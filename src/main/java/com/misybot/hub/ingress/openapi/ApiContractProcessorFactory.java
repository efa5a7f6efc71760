package com.misybot.hub.ingress.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.openapi.OpenApiRestApiProcessorFactory;
import org.apache.camel.spi.RestApiProcessorFactory;
import org.apache.camel.spi.RestConfiguration;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.stereotype.Component;

/**
 * The processor behind {@code camel.rest.api-context-path}: camel-openapi-java's document of the REST DSL, then
 * {@link ApiContract} completes it. Camel uses the one {@link RestApiProcessorFactory} bean it finds in the registry.
 */
@Component
public class ApiContractProcessorFactory implements RestApiProcessorFactory {

    private final RestApiProcessorFactory camelOpenApi = new OpenApiRestApiProcessorFactory();
    private final ApiContract contract;
    private final ObjectMapper json;

    public ApiContractProcessorFactory(ApiContract contract, ObjectMapper json) {
        this.contract = contract;
        this.json = json;
    }

    @Override
    public Processor createApiProcessor(CamelContext camelContext, String contextPath, RestConfiguration configuration,
                                        Map<String, Object> parameters) throws Exception {
        Processor generator = camelOpenApi.createApiProcessor(camelContext, contextPath, configuration, parameters);
        CamelContextAware.trySetCamelContext(generator, camelContext);
        return new CompletingProcessor(generator);
    }

    /** Runs Camel's generator, then completes its JSON answer. */
    private final class CompletingProcessor extends ServiceSupport implements Processor {

        private final Processor generator;

        CompletingProcessor(Processor generator) {
            this.generator = generator;
        }

        @Override
        public void process(Exchange exchange) throws Exception {
            generator.process(exchange);
            Message message = exchange.getMessage();
            String type = message.getHeader(Exchange.CONTENT_TYPE, String.class);
            Integer status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
            if (type == null || !type.contains("json") || (status != null && status != 200)) {
                return;
            }
            JsonNode document = json.readTree(message.getBody(byte[].class));
            message.setBody(json.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(contract.complete((ObjectNode) document)));
            message.removeHeader(Exchange.CONTENT_LENGTH);
        }

        @Override
        protected void doInit() throws Exception {
            ServiceHelper.initService(generator);
        }

        @Override
        protected void doStart() throws Exception {
            ServiceHelper.startService(generator);
        }

        @Override
        protected void doStop() throws Exception {
            ServiceHelper.stopService(generator);
        }
    }
}
