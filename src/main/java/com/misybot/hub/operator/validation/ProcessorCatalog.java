package com.misybot.hub.operator.validation;

import java.util.Set;

/** The beans operator YAML may name: the processors catalog (package com.misybot.hub.processors). */
public interface ProcessorCatalog {

    /** The package whose beans form the operators' palette. */
    String PACKAGE = "com.misybot.hub.processors";

    Set<String> beanNames();
}
