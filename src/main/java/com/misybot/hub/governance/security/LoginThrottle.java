package com.misybot.hub.governance.security;

import com.misybot.hub.platform.HubProperties;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import com.misybot.hub.platform.cache.WindowCounter;
import java.time.Duration;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Limits failed logins per username ({@code max-failures}) and per client IP ({@code max-failures-per-ip}) within
 * a window: past the limit, attempts get 429 with {@code Retry-After} until the window ends, even with the right
 * password.
 */
@Component
public class LoginThrottle {

    private final WindowCounter counter;
    private final int maxFailures;
    private final int maxFailuresPerIp;
    private final Duration window;

    public LoginThrottle(WindowCounter counter, HubProperties properties) {
        this.counter = counter;
        this.maxFailures = properties.security().login().maxFailures();
        this.maxFailuresPerIp = properties.security().login().maxFailuresPerIp();
        this.window = properties.security().login().window();
    }

    /** Throws 429 when the username or the IP is locked out. */
    public void check(String username, String ip) {
        refuseOver(userKey(username), maxFailures);
        refuseOver(ipKey(ip), maxFailuresPerIp);
    }

    private void refuseOver(String key, int limit) {
        if (counter.count(key) >= limit) {
            throw new ProblemException(ProblemType.TOO_MANY_REQUESTS,
                    "Too many failed logins; try again later.", null, counter.remaining(key));
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
