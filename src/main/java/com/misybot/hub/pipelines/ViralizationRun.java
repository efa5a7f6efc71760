package com.misybot.hub.pipelines;

import java.util.List;

/**
 * One run of the viralization pipeline as requested; its id is the saga's id. {@code publishNotBefore} (a campaign's
 * posting hour) asks for the first free calendar slot at or after that instant instead of a fixed time.
 */
public record ViralizationRun(String runId, String sessionId, String ownerId, String brief, List<String> platforms,
                              String publishAt, boolean paidPromotion, String publishNotBefore) {

    public ViralizationRun(String runId, String sessionId, String ownerId, String brief, List<String> platforms,
                           String publishAt, boolean paidPromotion) {
        this(runId, sessionId, ownerId, brief, platforms, publishAt, paidPromotion, null);
    }
}
