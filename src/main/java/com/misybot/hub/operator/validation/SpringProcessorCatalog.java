package com.misybot.hub.operator.validation;

import java.util.Set;
import java.util.TreeSet;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/** The processors catalog as the running application has it: beans whose class sits in the processors package. */
@Component
public class SpringProcessorCatalog implements ProcessorCatalog {

    private final ApplicationContext context;
    private volatile Set<String> names;

    public SpringProcessorCatalog(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public Set<String> beanNames() {
        // beans do not change once the application runs; read lazily so this bean never forces others early
        Set<String> found = names;
        if (found == null) {
            found = new TreeSet<>();
            for (String name : context.getBeanDefinitionNames()) {
                Class<?> type = context.getType(name, false);
                if (type != null && type.getPackageName().startsWith(PACKAGE)) {
                    found.add(name);
                }
            }
            names = Set.copyOf(found);
            found = names;
        }
        return found;
    }
}
