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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
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

    @Bean
    JwtDecoder jwtDecoder(HubProperties properties, SigningKeys keys) {
        HubProperties.Jwt jwt = properties.security().jwt();
        NimbusJwtDecoder decoder;
        if (jwt.jwkSetUri() != null && !jwt.jwkSetUri().isBlank()) {
            decoder = NimbusJwtDecoder.withJwkSetUri(jwt.jwkSetUri()).jwsAlgorithm(
                    org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.RS256).build();
        } else {
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            // RS256 only: any other algorithm (none, HS256, ...) finds no key and the token is rejected
            processor.setJWSKeySelector((header, context) -> {
                RSAPublicKey key = JWSAlgorithm.RS256.equals(header.getAlgorithm())
                        ? keys.verificationKey(header.getKeyID()) : null;
                return key == null ? List.<Key>of() : List.<Key>of(key);
            });
            processor.setJWTClaimsSetVerifier((claims, context) -> { });
            decoder = new NimbusJwtDecoder(processor);
        }
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(jwt.issuer()));
        return decoder;
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
