package com.misybot.hub.saga;

/**
 * Where the rest of an approved saga goes. By default {@code direct:<saga name>-resume}; a pipeline that serves
 * two versions side by side (an A/B experiment's route-version variant) names the one its run began on.
 */
public interface SagaResumeEndpoints {

    /** The endpoint of saga {@code sagaId} named {@code sagaName}, or null for the default. */
    String resumeUri(String sagaName, String sagaId);
}
