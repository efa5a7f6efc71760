package com.misybot.hub.platform;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A configured URL refused by hub.security.outbound stops the start with a plain report instead of a stack trace. */
public class OutboundUrlFailureAnalyzer extends AbstractFailureAnalyzer<OutboundUrlPolicy.ConfiguredUrlRefusedException> {

    @Override
    protected FailureAnalysis analyze(Throwable root, OutboundUrlPolicy.ConfiguredUrlRefusedException cause) {
        return new FailureAnalysis(cause.getMessage(), "Correct " + cause.property() + ", or, if it is a trusted "
                + "target, allow its host in hub.security.outbound.allowed-hosts (HUB_OUTBOUND_ALLOWED_HOSTS); an "
                + "internal address also needs an IP or CIDR entry.", cause);
    }
}
