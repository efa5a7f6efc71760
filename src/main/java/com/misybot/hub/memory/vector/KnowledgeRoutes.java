package com.misybot.hub.memory.vector;

import com.misybot.hub.platform.web.IngressRouteBuilder;
import com.misybot.hub.platform.web.JsonReplies;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

/**
 * REST API of semantic memory: knowledge documents (upsert + embed, delete; operator or superadmin, enforced by
 * SecurityConfiguration) and semantic search.
 */
@Component
public class KnowledgeRoutes extends IngressRouteBuilder {

    public KnowledgeRoutes(JsonReplies replies) {
        super(replies);
    }

    @Override
    public void configure() {
        rest("/knowledge").tag("knowledge")
                .post("/{collection}/documents").id("rest-knowledge-documents-post")
                    .description("Upsert and embed up to 1,000 documents [{id,text,metadata?}] (operator+)")
                    .consumes("application/json").produces("application/json")
                    .param().name("collection").type(RestParamType.path).dataType("string")
                        .description("1..64 characters of [a-z0-9._-]").endParam()
                    .to("direct:knowledge-documents-post")
                .delete("/{collection}/documents/{documentId}").id("rest-knowledge-document-delete")
                    .description("Delete one document and its vector (operator+)").produces("application/json")
                    .to("direct:knowledge-document-delete");
        rest("/search").tag("search")
                .post().id("rest-search-post")
                    .description("Semantic search over knowledge (global scope) or one session's turns (session scope)")
                    .consumes("application/json").produces("application/json")
                    .to("direct:search-post");

        jsonIngress("knowledge-documents-post", "knowledge-documents.request.json", "collection")
                .bean("knowledgeCommands", "documents")
                .to("direct:vector-upsert")
                .bean("knowledgeCommands", "upserted")
                .process(reply(200));

        ingress("knowledge-document-delete", "collection", "documentId")
                .bean("knowledgeCommands", "deletion")
                .to("direct:vector-delete")
                .bean("knowledgeCommands", "deleted")
                .process(reply(200));

        // session scope: the session must exist and be the caller's (or the caller an operator); 404 otherwise
        jsonIngress("search-post", "search.request.json")
                .bean("semanticSearch", "request")
                .filter(simple("${body.isSessionScoped()}"))
                    .setHeader("sessionId", simple("${body.sessionId()}"))
                    .to("sql:classpath:sql/context-bundle-owner.sql?outputType=SelectOne&outputHeader=sessionOwner")
                    .bean("semanticSearch", "checkSession")
                .end()
                .bean("semanticSearch", "search")
                .process(reply(200));
    }
}
