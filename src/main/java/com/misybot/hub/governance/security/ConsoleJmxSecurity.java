package com.misybot.hub.governance.security;

import io.hawt.jmx.JMXSecurity;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Hawtio's {@code canInvoke} answered by {@link ConsolePolicy} for the caller's roles, in place of Hawtio's dummy
 * that says yes to everything: the console then greys out what a role may not do (an auditor sees no working Stop
 * button) instead of offering it and showing the 403. The allow-list stays enforced by {@link ConsoleAccessFilter}
 * and {@link ConsoleRestrictor}; this only tells the page.
 */
@Component
public class ConsoleJmxSecurity extends JMXSecurity {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleJmxSecurity.class);
    static final String NAME = "hawtio:type=security,area=jmx,name=HawtioDummyJMXSecurity";

    /** Takes the dummy's name once Hawtio has registered it (or registers first if it has not). */
    @EventListener(ApplicationReadyEvent.class)
    public void replaceHawtioDummy() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(NAME);
        if (server.isRegistered(name)) {
            if (server.isInstanceOf(name, ConsoleJmxSecurity.class.getName())) {
                return;
            }
            server.unregisterMBean(name);
        }
        server.registerMBean(this, name);
        LOG.info("Hawtio canInvoke answers from the console allow-list ({})", NAME);
    }

    @Override
    public boolean canInvoke(String objectName) {
        ObjectName name = parse(objectName);
        return name != null && ConsolePolicy.mayRead(ConsoleRestrictor.roles(), name);
    }

    @Override
    public boolean canInvoke(String objectName, String method) {
        ObjectName name = parse(objectName);
        return name != null && ConsolePolicy.mayExecute(ConsoleRestrictor.roles(), name, method);
    }

    @Override
    public boolean canInvoke(String objectName, String method, String[] argumentTypes) {
        return canInvoke(objectName, method);
    }

    @Override
    public TabularData canInvoke(Map<String, List<String>> query) throws OpenDataException {
        Set<String> roles = ConsoleRestrictor.roles();
        TabularData result = new TabularDataSupport(CAN_INVOKE_TABULAR_TYPE);
        for (Map.Entry<String, List<String>> entry : query.entrySet()) {
            ObjectName name = parse(entry.getKey());
            if (entry.getValue().isEmpty()) {
                boolean allowed = name != null && ConsolePolicy.mayRead(roles, name);
                result.put(new CompositeDataSupport(CAN_INVOKE_RESULT_ROW_TYPE, CAN_INVOKE_RESULT_COLUMNS,
                        new Object[] {entry.getKey(), "", allowed}));
                continue;
            }
            for (String method : entry.getValue()) {
                boolean allowed = name != null && ConsolePolicy.mayExecute(roles, name, method);
                result.put(new CompositeDataSupport(CAN_INVOKE_RESULT_ROW_TYPE, CAN_INVOKE_RESULT_COLUMNS,
                        new Object[] {entry.getKey(), method, allowed}));
            }
        }
        return result;
    }

    private static ObjectName parse(String objectName) {
        try {
            return new ObjectName(objectName);
        } catch (MalformedObjectNameException | NullPointerException e) {
            return null;
        }
    }
}
