package com.misybot.hub.ingress.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.misybot.hub.client.ApiClient;
import com.misybot.hub.client.ApiException;
import com.misybot.hub.client.api.AdminApi;
import com.misybot.hub.client.api.AuthApi;
import com.misybot.hub.client.api.SessionsApi;
import com.misybot.hub.client.model.ApiKeyCreateRequestRole;
import com.misybot.hub.client.model.SessionMessageRequest;
import com.misybot.hub.client.model.SessionRepliedResponse;
import com.misybot.hub.client.model.SessionResponse;
import com.misybot.hub.client.model.TokenRequest;
import com.misybot.hub.client.model.TokenRequestOneOf;
import com.misybot.hub.client.model.TokenResponse;
import com.misybot.hub.client.model.UserCreateRequest;
import com.misybot.hub.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * The Java client generated from docs/openapi.json (openapi-generator, java/native, test sources only) against the
 * running hub: what the contract says is what a client built from it can do.
 */
class GeneratedClientIT extends HubIntegrationTest {

    @Test
    void should_log_in_post_a_message_and_read_the_session_when_driven_by_the_generated_client() throws ApiException {
        // given: an account, and a client of the contract pointed at the running hub
        TestUser user = user("user");
        ApiClient client = client();
        String sessionId = newSessionId();

        // when: log in, post a message, read the session back, all through the generated API classes
        TokenResponse tokens = new AuthApi(client).authToken(new TokenRequest(new TokenRequestOneOf()
                .grantType("password").username(user.username()).password(STRONG_PASSWORD)));
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + tokens.getAccessToken()));
        SessionsApi sessions = new SessionsApi(client);
        SessionRepliedResponse accepted = sessions.sessionMessagePost(sessionId,
                new SessionMessageRequest().text("Three hooks for a cold brew reel").channel("web"), null);
        SessionResponse session = sessions.sessionGet(sessionId);

        // then
        assertThat(tokens.getTokenType()).isEqualTo("Bearer");
        assertThat(tokens.getExpiresIn()).isPositive();
        assertThat(accepted.getSessionId()).isEqualTo(sessionId);
        assertThat(accepted.getTurnId()).isNotBlank();
        assertThat(session.getOwnerId()).isEqualTo(user.id());
        assertThat(session.getTurns()).anySatisfy(turn -> {
            assertThat(turn.getTurnId()).isEqualTo(accepted.getTurnId());
            assertThat(turn.getRole()).isEqualTo("user");
            assertThat(turn.getText()).isEqualTo("Three hooks for a cold brew reel");
            assertThat(turn.getChannel()).isEqualTo("web");
        });
        assertThat(count("SELECT count(*) FROM context_turn WHERE id = ?::uuid", accepted.getTurnId())).isEqualTo(1);
    }

    @Test
    void should_raise_the_problem_when_the_generated_client_is_refused() {
        // given
        TestUser user = user("user");
        ApiClient anonymous = client();
        ApiClient asUser = client().setRequestInterceptor(r -> r.header("Authorization", "Bearer " + user.accessToken()));
        int users = count("SELECT count(*) FROM app_user");

        // when
        ApiException unauthenticated = catchThrowableOfType(ApiException.class,
                () -> new SessionsApi(anonymous).sessionGet(newSessionId()));
        ApiException forbidden = catchThrowableOfType(ApiException.class, () -> new AdminApi(asUser).adminUserCreate(
                new UserCreateRequest().username("mallory-" + System.nanoTime()).password(STRONG_PASSWORD)
                        .addRolesItem(ApiKeyCreateRequestRole.SUPERADMIN)));

        // then: the statuses and problem bodies the contract lists for them, and nobody was created
        assertThat(unauthenticated.getCode()).isEqualTo(401);
        assertThat(unauthenticated.getResponseHeaders().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(forbidden.getCode()).isEqualTo(403);
        assertThat(forbidden.getResponseBody()).contains("\"status\":403");
        assertThat(count("SELECT count(*) FROM app_user")).isEqualTo(users);
    }

    private ApiClient client() {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://127.0.0.1:" + port + ApiContract.BASE_PATH);
        return client;
    }
}
