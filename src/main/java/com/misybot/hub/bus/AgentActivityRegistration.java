package com.misybot.hub.bus;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;

/**
 * Makes sure {@link AgentActivity} hears the CamelContext's exchange events, before the context starts. Camel Spring
 * Boot adds the {@code EventNotifier} beans it finds while it configures the context, and in the packaged hub it did
 * not find this one (the tests' contexts did): every agent's activity read 0 and the watchdog, seeing messages
 * waiting and none finished, restarted busy agents as stalled ones, interrupting the messages they were handling.
 */
@Component
public class AgentActivityRegistration implements CamelContextConfiguration {

    private final AgentActivity activity;

    public AgentActivityRegistration(AgentActivity activity) {
        this.activity = activity;
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        if (!camel.getManagementStrategy().getEventNotifiers().contains(activity)) {
            camel.getManagementStrategy().addEventNotifier(activity);
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        // registered before the start
    }
}
