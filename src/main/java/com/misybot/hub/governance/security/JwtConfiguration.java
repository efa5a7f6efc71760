package com.misybot.hub.governance.security;

import com.misybot.hub.governance.crypto.SecretCipher;
import com.misybot.hub.platform.HubProperties;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.security.Key;
import java.time.Clock;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * JWT signing and verification: RS256 only (so {@code alg=none} and HMAC tokens are refused), issuer and expiry
 * checked, roles read from {@code hub.security.jwt.roles-claim}. With {@code jwk-set-uri} set, tokens of an
 * external IdP are verified instead of the built-in issuer's.
 */
@Configuration(proxyBeanMethods = false)
public class JwtConfiguration {

    @Bean
    SigningKeys signingKeys(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, SecretCipher cipher) {
        return SigningKeys.fromDatabase(jdbc, tx, clock, cipher);
    }

    @Bean
    JwtEncoder jwtEncoder(SigningKeys keys) {
        return new NimbusJwtEncoder((selector, context) -> selector.select(new JWKSet(keys.current())));
    }

    /**
     * The decoder of bearer tokens. Tokens of the built-in issuer are verified once and then answered from
     * {@link VerifiedTokenCache} until they expire or their signing key retires ({@code
     * hub.security.jwt.verified-cache-size} tokens, 0 turns it off); an external IdP's tokens are verified every
     * time (its key set can change without the hub knowing).
     */
    @Bean
    JwtDecoder jwtDecoder(HubProperties properties, SigningKeys keys, Clock clock, MeterRegistry meters,
                          @Value("${hub.security.jwt.verified-cache-size:10000}") long cacheSize) {
        HubProperties.Jwt jwt = properties.security().jwt();
        if (jwt.jwkSetUri() != null && !jwt.jwkSetUri().isBlank()) {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwt.jwkSetUri()).jwsAlgorithm(
                    org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.RS256).build();
            decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(timestamps(clock),
                    new JwtIssuerValidator(jwt.issuer())));
            return decoder;
        }
        return builtIn(keys, jwt.issuer(), clock, cacheSize, meters);
    }

    /** The decoder of the built-in issuer's tokens (RS256 by its signing keys), cached when cacheSize > 0. */
    static JwtDecoder builtIn(SigningKeys keys, String issuer, Clock clock, long cacheSize, MeterRegistry meters) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        // RS256 only: any other algorithm (none, HS256, ...) finds no key and the token is rejected
        processor.setJWSKeySelector((header, context) -> {
            RSAPublicKey key = JWSAlgorithm.RS256.equals(header.getAlgorithm())
                    ? keys.verificationKey(header.getKeyID()) : null;
            return key == null ? List.<Key>of() : List.<Key>of(key);
        });
        processor.setJWTClaimsSetVerifier((claims, context) -> { });
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(timestamps(clock),
                new JwtIssuerValidator(issuer)));
        return cacheSize <= 0 ? decoder : new VerifiedTokenCache(decoder, keys::verifies, clock, cacheSize, meters);
    }

    /** Expiry and not-before judged by the hub's clock (Spring's default 60 s skew). */
    private static JwtTimestampValidator timestamps(Clock clock) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator();
        timestamps.setClock(clock);
        return timestamps;
    }

    @Bean
    JwtAuthenticationConverter jwtAuthenticationConverter(HubProperties properties) {
        JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
        authorities.setAuthoritiesClaimName(properties.security().jwt().rolesClaim());
        authorities.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(authorities);
        return converter;
    }
}
