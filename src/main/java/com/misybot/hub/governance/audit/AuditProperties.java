package com.misybot.hub.governance.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The audit log ({@code hub.audit}): how often the chain head is signed, where checkpoints are written (outside the
 * database) and where the Ed25519 signing key comes from (a file created 0600 under the data directory, or a Tink
 * keyset from the environment).
 */
@ConfigurationProperties(prefix = "hub.audit")
public record AuditProperties(@DefaultValue("1000") int checkpointEvery,
                              @DefaultValue("PT1M") Duration checkpointInterval,
                              String checkpointFile, String signingKeyFile, String signingKeyset) {
}
