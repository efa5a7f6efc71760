package com.misybot.hub.agents.frontdesk;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.platform.HubProperties;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/** front-desk's active sessions: in Redis when hub.cache.store=redis (services profile), else in this JVM. */
@Configuration(proxyBeanMethods = false)
public class ActiveSessionsConfiguration {

    @Bean
    ActiveSessions activeSessions(HubProperties hub, ObjectProvider<StringRedisTemplate> redis, ObjectMapper json,
                                  Clock clock, @Value("${hub.agents.active-session-ttl:PT30M}") Duration ttl) {
        boolean shared = hub.cache() != null && "redis".equals(hub.cache().store());
        return new ActiveSessions(shared ? redis.getObject() : null, json, ttl, clock);
    }
}
