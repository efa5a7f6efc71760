package com.misybot.hub.processors;

import com.misybot.hub.pipelines.ViralizationRun;
import com.misybot.hub.pipelines.ViralizationSteps;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.springframework.stereotype.Component;

/**
 * {@code socialPublication}: the publication records around kamelet social-publish-sink — the post of a run on a
 * platform (a PUBLISHING row first, Idempotency-Key set), its answer, a refusal, and for the compensation the posts
 * to take down, a lost answer reconciled and a deletion recorded.
 */
@Component("socialPublication")
public class SocialPublication {

    private final ViralizationSteps steps;

    public SocialPublication(ViralizationSteps steps) {
        this.steps = steps;
    }

    /** The post's JSON for variable {@code platform}; null when that platform is already published. */
    public String request(@Variable("run") ViralizationRun run, @Variable("platform") String platform,
                          Exchange exchange) throws Exception {
        return steps.publishRequest(run, platform, exchange);
    }

    public String published(String answer, @Variable("run") ViralizationRun run,
                            @Variable("platform") String platform) throws Exception {
        return steps.published(answer, run, platform);
    }

    public void refused(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) HttpOperationFailedException refusal,
                        @Variable("run") ViralizationRun run, @Variable("platform") String platform) {
        steps.refused(refusal, run, platform);
    }

    /** The platform's posts endpoint (hub.publish.platforms.&lt;platform&gt;.url). */
    public String url(@Variable("platform") String platform) {
        return steps.url(platform);
    }

    public List<ViralizationSteps.Post> toUndo(@Header(Exchange.SAGA_LONG_RUNNING_ACTION) String runId) {
        return steps.postsToUndo(runId);
    }

    public String reconcileRequest(@Variable("runId") String runId, @Variable("platform") String platform,
                                   Exchange exchange) throws Exception {
        return steps.reconcileRequest(runId, platform, exchange);
    }

    public String postIdOf(String answer) throws Exception {
        return steps.postIdOf(answer);
    }

    public void deleted(@Variable("runId") String runId, @Variable("platform") String platform,
                        @Header(ViralizationSteps.POST_ID) String postId) {
        steps.deleted(runId, platform, postId);
    }
}
