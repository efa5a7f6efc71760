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

    /** DLP of telemetry: span attributes and events are masked with the JSON log's patterns. */
    @Bean
    public com.misybot.hub.platform.TextMasking textMasking() {
        return LogMasking::mask;
    }

    /** DLP of metrics: a tag value holding personal data is written as its type (checked once per new meter). */
    @Bean
    public io.micrometer.core.instrument.config.MeterFilter maskingMeterFilter() {
        return new io.micrometer.core.instrument.config.MeterFilter() {
            @Override
            public io.micrometer.core.instrument.Meter.Id map(io.micrometer.core.instrument.Meter.Id id) {
                java.util.List<io.micrometer.core.instrument.Tag> tags = new java.util.ArrayList<>();
                boolean changed = false;
                for (io.micrometer.core.instrument.Tag tag : id.getTagsAsIterable()) {
                    String masked = LogMasking.mask(tag.getValue());
                    changed |= !masked.equals(tag.getValue());
                    tags.add(io.micrometer.core.instrument.Tag.of(tag.getKey(), masked));
                }
                return changed ? id.replaceTags(tags) : id;
            }
        };
    }

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
