package com.misybot.hub.pipelines;

import java.util.List;

/** One run of the viralization pipeline as requested; its id is the saga's id. */
public record ViralizationRun(String runId, String sessionId, String ownerId, String brief, List<String> platforms,
                              String publishAt, boolean paidPromotion) {
}
