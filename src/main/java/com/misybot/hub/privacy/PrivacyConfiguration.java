package com.misybot.hub.privacy;

import com.misybot.hub.privacy.pii.NameFinderRecognizer;
import com.misybot.hub.privacy.pii.PatternRecognizers;
import com.misybot.hub.privacy.pii.PiiAnalyzer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** PII detection: the pattern recognizers and the name finder the build trained, behind one analyzer. */
@Configuration
@EnableConfigurationProperties(PrivacyProperties.class)
public class PrivacyConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(PrivacyConfiguration.class);

    @Bean
    PiiAnalyzer piiAnalyzer(PrivacyProperties properties) {
        NameFinderRecognizer names = null;
        if (PrivacyConfiguration.class.getResource(NameFinderRecognizer.MODEL) != null) {
            names = new NameFinderRecognizer(NameFinderRecognizer.load(NameFinderRecognizer.MODEL),
                    NameFinderRecognizer.REPORTED);
        } else {
            LOG.warn("No PII name finder model in this build ({}): PERSON and STREET_ADDRESS are NOT detected. Build "
                    + "with the labelled corpus: ./mvnw package -Dhub.pii.corpus=<generated_large.json>",
                    NameFinderRecognizer.MODEL);
        }
        return new PiiAnalyzer(new PatternRecognizers(), names, properties.pii().threshold());
    }
}
