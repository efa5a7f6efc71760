package com.misybot.hub.governance.security;

import com.misybot.hub.platform.HubProperties;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import com.misybot.hub.platform.cache.WindowCounter;
import java.time.Duration;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Limits failed logins per username and per client IP: after {@code max-failures} failures within the window,
 * further attempts get 429 with {@code Retry-After} until the window ends, even with the right password.
 */
@Component
public class LoginThrottle {

    private final WindowCounter counter;
    private final int maxFailures;
    private final Duration window;

    public LoginThrottle(WindowCounter counter, HubProperties properties) {
        this.counter = counter;
        this.maxFailures = properties.security().login().maxFailures();
        this.window = properties.security().login().window();
    }

    /** Throws 429 when the username or the IP is locked out. */
    public void check(String username, String ip) {
        for (String key : new String[] {userKey(username), ipKey(ip)}) {
            if (counter.count(key) >= maxFailures) {
                throw new ProblemException(ProblemType.TOO_MANY_REQUESTS,
                        "Too many failed logins; try again later.", null, counter.remaining(key));
            }
        }
    }

    public void failed(String username, String ip) {
        counter.increment(userKey(username), window);
        counter.increment(ipKey(ip), window);
    }

    public void succeeded(String username) {
        counter.reset(userKey(username));
    }

    private static String userKey(String username) {
        return "login:user:" + username.toLowerCase(Locale.ROOT);
    }

    private static String ipKey(String ip) {
        return "login:ip:" + ip;
    }
}
