package com.misybot.hub.governance.security;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.platform.HubProperties;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.camel.Variable;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Service;

/** The built-in issuer: password and refresh-token grants, RS256 access tokens, rotating refresh tokens. */
@Service("tokenService")
public class TokenService {

    /** Answer of POST /api/v1/auth/token (OAuth 2.0 token response members). */
    public record TokenResponse(@JsonProperty("access_token") String accessToken,
                                @JsonProperty("token_type") String tokenType,
                                @JsonProperty("expires_in") long expiresIn,
                                @JsonProperty("refresh_token") String refreshToken) {
    }

    private final UserStore users;
    private final RefreshTokens refreshTokens;
    private final LoginThrottle throttle;
    private final PasswordEncoder passwords;
    private final JwtEncoder encoder;
    private final HubProperties.Jwt config;
    private final Clock clock;
    private final String dummyHash;

    public TokenService(UserStore users, RefreshTokens refreshTokens, LoginThrottle throttle, PasswordEncoder passwords,
                        JwtEncoder encoder, HubProperties properties, Clock clock) {
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.throttle = throttle;
        this.passwords = passwords;
        this.encoder = encoder;
        this.config = properties.security().jwt();
        this.clock = clock;
        this.dummyHash = passwords.encode(UUID.randomUUID().toString());
    }

    /** Handles a validated token request body. */
    public TokenResponse grant(@Variable("json") JsonNode request, @Variable("clientIp") String clientIp) {
        if ("refresh_token".equals(request.path("grant_type").asText())) {
            RefreshTokens.Spent spent = refreshTokens.spend(request.path("refresh_token").asText())
                    .orElseThrow(() -> invalid("The refresh token is invalid, expired or already used."));
            UserStore.User user = users.findActive(spent.userId())
                    .orElseThrow(() -> invalid("The refresh token's user no longer exists."));
            return issue(user, spent.familyId());
        }
        return issue(authenticate(request.path("username").asText(), request.path("password").asText(), clientIp),
                UUID.randomUUID());
    }

    /** Checks a username and password, throttling failures per username and IP. */
    public UserStore.User authenticate(String username, String password, String clientIp) {
        throttle.check(username, clientIp);
        UserStore.User user = users.findActive(username).orElse(null);
        // compare against a dummy hash for unknown users so timing does not reveal which usernames exist
        boolean matches = passwords.matches(password, user != null ? user.passwordHash() : dummyHash);
        if (user == null || !matches) {
            throttle.failed(username, clientIp);
            throw invalid("Unknown username or wrong password.");
        }
        throttle.succeeded(username);
        return user;
    }

    /** Signs an RS256 access token for {@code user}. */
    private String accessToken(UserStore.User user, Instant issuedAt, Instant expiresAt) {
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(config.issuer())
                .subject(user.id().toString())
                .claim("preferred_username", user.username())
                .claim(config.rolesClaim(), List.copyOf(user.roles()))
                .issuedAt(issuedAt)
                .expiresAt(expiresAt)
                .id(UUID.randomUUID().toString())
                .build();
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).build();
        return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
    }

    private TokenResponse issue(UserStore.User user, UUID family) {
        Instant now = clock.instant();
        String access = accessToken(user, now, now.plus(config.accessTokenTtl()));
        String refresh = refreshTokens.issue(user.id(), family, config.refreshTokenTtl());
        return new TokenResponse(access, "Bearer", config.accessTokenTtl().toSeconds(), refresh);
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(ProblemType.UNAUTHORIZED, detail);
    }
}
