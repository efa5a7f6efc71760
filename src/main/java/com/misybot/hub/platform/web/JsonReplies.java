package com.misybot.hub.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/** Ends an ingress route: the body (a record or map) becomes the JSON answer with the given status. */
@Component("jsonReplies")
public class JsonReplies {

    private final ObjectMapper mapper;

    public JsonReplies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The answer with the status held in exchange variable {@code variable}. */
    public Processor statusOf(String variable) {
        return exchange -> status(exchange.getVariable(variable, Integer.class)).process(exchange);
    }

    public Processor status(int status) {
        return status(status, null, null);
    }

    /** The answer with {@code status} and response header {@code header} set from exchange variable {@code variable}. */
    public Processor status(int status, String header, String variable) {
        return exchange -> {
            Object body = exchange.getMessage().getBody();
            Object value = variable == null ? null : exchange.getVariable(variable);
            exchange.getMessage().removeHeaders("*");
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            if (value != null) {
                exchange.getMessage().setHeader(header, value.toString());
            }
            exchange.getMessage().setBody(mapper.writeValueAsBytes(body));
        };
    }
}
