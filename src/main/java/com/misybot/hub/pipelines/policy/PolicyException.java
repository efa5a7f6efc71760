package com.misybot.hub.pipelines.policy;

/** A policy file (or the platform rules it uses) is unreadable or breaks a rule; the message names file and rule. */
public class PolicyException extends RuntimeException {

    public PolicyException(String message) {
        super(message);
    }

    public PolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
