package com.misybot.hub.agents.editor;

import com.misybot.hub.memory.vector.TurnEmbeddingRoutes;
import com.misybot.hub.platform.web.IngressRouteBuilder;
import com.misybot.hub.platform.web.JsonReplies;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

/**
 * REST API of content pieces and their versions (issue 17, content-editor), and the background embedding of every
 * version. Answers about one piece carry its version as {@code ETag}; edits and restores honour {@code If-Match}.
 */
@Component
public class ContentRoutes extends IngressRouteBuilder {

    private static final String ETAG = "ETag";
    private static final String IF_MATCH = "If-Match";

    public ContentRoutes(JsonReplies replies) {
        super(replies);
    }

    @Override
    public void configure() {
        rest("/contents").tag("contents")
                .post().id("rest-contents-create")
                    .description("Create a piece {title, text, sessionId?}: version 1, ETag \"1\"")
                    .consumes("application/json").produces("application/json").to("direct:contents-create")
                .post("/search").id("rest-contents-search")
                    .description("Search the caller's pieces, every version, by meaning {query, topK?}")
                    .consumes("application/json").produces("application/json").to("direct:contents-search")
                .get("/{contentId}").id("rest-content-get")
                    .description("A piece as it is now (its current version); ETag = the version")
                    .produces("application/json").to("direct:content-get")
                .put("/{contentId}").id("rest-content-update")
                    .description("Edit a piece {title?, text}: a new version; with If-Match: \"<version read>\" a "
                            + "stale edit is 412 instead of a lost update")
                    .consumes("application/json").produces("application/json")
                    .param().name(IF_MATCH).type(RestParamType.header).dataType("string").required(false)
                        .description("the ETag read (\"3\"): refuse the edit if the piece changed since").endParam()
                    .to("direct:content-update")
                .get("/{contentId}/versions").id("rest-content-versions")
                    .description("Every version of a piece, newest first, with who made it and how")
                    .produces("application/json").to("direct:content-versions")
                .get("/{contentId}/versions/{version}/diff").id("rest-content-diff")
                    .description("Unified diff of a version (title first) against another (default: the one before)")
                    .produces("application/json")
                    .param().name("against").type(RestParamType.query).dataType("integer").required(false)
                        .description("version to compare with").endParam()
                    .to("direct:content-diff")
                .post("/{contentId}/restore").id("rest-content-restore")
                    .description("A new version with the title and text of an old one {version}; honours If-Match")
                    .consumes("application/json").produces("application/json")
                    .param().name(IF_MATCH).type(RestParamType.header).dataType("string").required(false)
                        .description("the ETag read (\"3\")").endParam()
                    .to("direct:content-restore");

        jsonIngress("contents-create", "content-create.request.json")
                .bean("contents", "create").setVariable("etag", method("contents", "etag"))
                .process(reply(201, ETAG, "etag"));
        jsonIngress("contents-search", "content-search.request.json")
                .bean("contents", "search").process(reply(200));
        ingress("content-get", "contentId")
                .bean("contents", "get").setVariable("etag", method("contents", "etag"))
                .process(reply(200, ETAG, "etag"));
        jsonIngress("content-update", "content-update.request.json", "contentId", IF_MATCH)
                .bean("contents", "update").setVariable("etag", method("contents", "etag"))
                .process(reply(200, ETAG, "etag"));
        ingress("content-versions", "contentId").bean("contents", "versions").process(reply(200));
        ingress("content-diff", "contentId", "version", "against").bean("contents", "diff").process(reply(200));
        jsonIngress("content-restore", "content-restore.request.json", "contentId", IF_MATCH)
                .bean("contents", "restore").setVariable("etag", method("contents", "etag"))
                .process(reply(200, ETAG, "etag"));

        // every version embedded off the request path; a failure leaves the batch pending for the next tick
        TurnEmbeddingRoutes.backgroundEmbedding(this, "content-embedding", "sql/content-embedding-pending.sql",
                "sql/content-embedding-done.sql", "contentEmbeddings", "content version(s)");
    }
}
