package com.misybot.hub.platform;

import java.net.InetAddress;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Apache HttpClient route planner of camel-http: every connection is checked by the {@link OutboundUrlPolicy} and
 * pinned to the checked address (the name is not resolved a second time, so DNS cannot change its answer between
 * check and connect; TLS still verifies the host name). No proxy support.
 */
public class OutboundRoutePlanner implements HttpRoutePlanner {

    private final OutboundUrlPolicy policy;

    public OutboundRoutePlanner(OutboundUrlPolicy policy) {
        this.policy = policy;
    }

    @Override
    public HttpRoute determineRoute(HttpHost target, HttpContext context) {
        String scheme = target.getSchemeName();
        int port = DefaultSchemePortResolver.INSTANCE.resolve(target);
        InetAddress[] allowed = policy.checkConnection(scheme, target.getHostName(), port);
        HttpHost pinned = new HttpHost(scheme, allowed[0], target.getHostName(), port);
        return new HttpRoute(pinned, null, "https".equalsIgnoreCase(scheme));
    }
}
