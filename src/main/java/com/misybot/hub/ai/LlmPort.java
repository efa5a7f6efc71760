package com.misybot.hub.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.platform.PersonalDataGuard;
import com.misybot.hub.platform.Problem;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The agents' one way to a chat model: rate limits, then the provider behind a circuit breaker with retries on 429,
 * 5xx and timeouts (backoff never shorter than Retry-After), then the answer checked against the agent's output
 * schema with the request's repair attempts (one by default), and every call accounted ({@link LlmAccounting}). Failures end as problems: 429
 * (budget), 503 (provider down or breaker open, with Retry-After), 502 (answer still invalid after the repair).
 */
public class LlmPort {

    private final LlmProperties properties;
    private final Map<String, LlmProvider> providers;
    private final Map<String, CircuitBreaker> breakers;
    private final PromptTemplates prompts;
    private final OutputSchemas schemas;
    private final LlmRateLimiter limiter;
    private final LlmAccounting accounting;
    private final ObjectMapper json;
    private PersonalDataGuard guard = PersonalDataGuard.OFF;

    public LlmPort(LlmProperties properties, Map<String, LlmProvider> providers, Map<String, CircuitBreaker> breakers,
                   PromptTemplates prompts, OutputSchemas schemas, LlmRateLimiter limiter, LlmAccounting accounting,
                   ObjectMapper json) {
        this.properties = properties;
        this.providers = providers;
        this.breakers = breakers;
        this.prompts = prompts;
        this.schemas = schemas;
        this.limiter = limiter;
        this.accounting = accounting;
        this.json = json;
    }

    /** Keeps PII out of the prompts sent to an online provider and puts it back into its answers. */
    public void guard(PersonalDataGuard guard) {
        this.guard = guard == null ? PersonalDataGuard.OFF : guard;
    }

    public LlmResponse complete(LlmRequest request) {
        limiter.acquire(request.userId());
        LlmProvider provider = provider(request.agent());
        LlmProvider.Call call = call(request, provider);
        // the provider sees typed surrogates, never the values (the offline model runs in the hub: no prompt text).
        // Only the user message is guarded: system prompts are the hub's templates with numbers and platform names,
        // and guessing names in instructions ("document ids") would only corrupt them
        PersonalDataGuard.Guarded guarded = call.user() == null ? null
                : guard.guard("llm", Arrays.asList(call.user()));
        if (guarded != null) {
            call = new LlmProvider.Call(call.agent(), call.prompt(), call.system(), guarded.texts().get(0),
                    call.variables(), call.model(), call.temperature(), call.maxTokens(), call.timeout(), call.json());
        }
        long start = System.nanoTime();
        Attempt attempt = new Attempt();
        try {
            LlmProvider.Completion completion = callWithRetries(provider, call, attempt);
            JsonNode answer = null;
            boolean repaired = false;
            if (request.outputSchema() != null) {
                answer = parse(completion.text());
                List<Problem.Violation> violations = answer == null ? List.of(notJson())
                        : schemas.violations(request.outputSchema(), answer);
                // repairs: the same request with the violations fed back, as many times as the agent allows
                for (int n = 0; !violations.isEmpty() && n < request.repairsOrDefault(); n++) {
                    repaired = true;
                    attempt.record(completion);
                    completion = callWithRetries(provider, call.withUser(call.user() + repairNote(violations)),
                            attempt);
                    answer = parse(completion.text());
                    violations = answer == null ? List.of(notJson())
                            : schemas.violations(request.outputSchema(), answer);
                }
                if (!violations.isEmpty()) {
                    attempt.record(completion);
                    throw new ProblemException(ProblemType.BAD_GATEWAY, "The " + request.agent() + " answer did"
                            + " not match " + request.outputSchema() + ", even after " + request.repairsOrDefault()
                            + " repair attempt(s).", violations, null);
                }
            }
            attempt.record(completion);
            String text = completion.text();
            if (guarded != null && !guarded.surrogates().isEmpty()) {
                // validated as the model wrote it (surrogates); the caller gets the values back
                text = guarded.restore(text, answer != null);
                answer = answer == null ? null : parse(text);
            }
            LlmResponse response = new LlmResponse(text, answer, provider.id(), completion.model(),
                    attempt.inputTokens, attempt.outputTokens, (System.nanoTime() - start) / 1_000_000,
                    accounting.cost(completion.model(), attempt.inputTokens, attempt.outputTokens), attempt.calls,
                    repaired);
            accounting.record(request, response, "ok");
            return response;
        } catch (ProblemException e) {
            accounting.record(request, new LlmResponse(null, null, provider.id(), call.model(), attempt.inputTokens,
                    attempt.outputTokens, (System.nanoTime() - start) / 1_000_000,
                    accounting.cost(call.model(), attempt.inputTokens, attempt.outputTokens), attempt.calls, false),
                    e.type().slug());
            throw e;
        }
    }

    /** The circuit breaker of a provider (visible to operators and tests). */
    public CircuitBreaker breaker(String providerId) {
        return breakers.get(providerId);
    }

    private LlmProvider.Completion callWithRetries(LlmProvider provider, LlmProvider.Call call, Attempt attempt) {
        CircuitBreaker breaker = breakers.get(provider.id());
        LlmProperties.Retry retry = properties.retry();
        Duration backoff = retry.initialBackoff();
        for (int n = 1; ; n++) {
            attempt.calls++;
            try {
                return breaker.executeSupplier(() -> provider.complete(call));
            } catch (CallNotPermittedException e) {
                throw new ProblemException(ProblemType.UNAVAILABLE, "The AI provider is failing; requests are paused"
                        + " for a moment (circuit breaker open).", null, properties.breaker().openFor());
            } catch (RuntimeException e) {
                Failure failure = Failure.of(e);
                if (!failure.retriable) {
                    throw new ProblemException(ProblemType.BAD_GATEWAY, "The AI provider refused the request ("
                            + failure.describe() + ").");
                }
                Duration wait = failure.retryAfter != null && failure.retryAfter.compareTo(backoff) > 0
                        ? failure.retryAfter : backoff;
                if (n >= retry.maxAttempts() || wait.compareTo(retry.maxBackoff()) > 0) {
                    throw new ProblemException(ProblemType.UNAVAILABLE, "The AI provider is not answering ("
                            + failure.describe() + ") after " + n + " attempt(s).", null,
                            failure.retryAfter != null ? failure.retryAfter : properties.breaker().openFor());
                }
                sleep(wait);
                backoff = backoff.multipliedBy(2).compareTo(retry.maxBackoff()) > 0 ? retry.maxBackoff()
                        : backoff.multipliedBy(2);
            }
        }
    }

    private LlmProvider provider(String agent) {
        LlmProperties.Agent override = properties.agents() == null ? null : properties.agents().get(agent);
        String id = override != null && override.provider() != null ? override.provider() : properties.provider();
        LlmProvider provider = providers.get(id);
        if (provider == null) {
            throw new IllegalStateException("LLM provider '" + id + "' of agent " + agent + " is not configured");
        }
        return provider;
    }

    private LlmProvider.Call call(LlmRequest request, LlmProvider provider) {
        LlmProperties.OpenAi base = properties.openai();
        LlmProperties.Agent o = properties.agents() == null ? null : properties.agents().get(request.agent());
        String model = "offline".equals(provider.id()) ? OfflineLlmProvider.MODEL
                : o != null && o.model() != null ? o.model() : base.model();
        boolean online = !"offline".equals(provider.id());
        return new LlmProvider.Call(request.agent(), request.prompt(),
                online ? prompts.render(request.prompt() + ".system.md", request.variables()) : null,
                online ? prompts.render(request.prompt() + ".user.md", request.variables()) : null,
                request.variables(), model,
                o != null && o.temperature() != null ? o.temperature()
                        : request.temperature() != null ? request.temperature() : base.temperature(),
                o != null && o.maxTokens() != null ? o.maxTokens()
                        : request.maxTokens() != null ? request.maxTokens() : base.maxTokens(),
                o != null && o.timeout() != null ? o.timeout() : base.timeout(), request.outputSchema() != null);
    }

    /** The answer as JSON (a ```json fence around it is tolerated), or null when it is not JSON. */
    private JsonNode parse(String text) {
        if (text == null) {
            return null;
        }
        String body = text.strip();
        if (body.startsWith("```")) {
            body = body.replaceFirst("^```[a-zA-Z]*\\s*", "").replaceFirst("\\s*```$", "");
        }
        try {
            JsonNode node = json.readTree(body);
            return node == null || node.isMissingNode() ? null : node;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static Problem.Violation notJson() {
        return new Problem.Violation("", "json", "the answer is not a JSON document");
    }

    private static String repairNote(List<Problem.Violation> violations) {
        return "\n\nYour previous answer did not match the required JSON schema:\n" + violations.stream()
                .map(v -> "- " + (v.pointer().isEmpty() ? "/" : v.pointer()) + ": " + v.message())
                .collect(Collectors.joining("\n")) + "\nAnswer again with only the corrected JSON document.";
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(ProblemType.UNAVAILABLE, "Interrupted while waiting to retry the AI provider.");
        }
    }

    /** Calls and tokens spent so far on one request (a repair costs tokens too). */
    private static final class Attempt {
        int calls;
        int inputTokens;
        int outputTokens;

        void record(LlmProvider.Completion c) {
            inputTokens += c.inputTokens();
            outputTokens += c.outputTokens();
        }
    }

    /** What a provider failure means for retrying. */
    private record Failure(boolean retriable, Duration retryAfter, String describe) {

        static Failure of(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof LlmHttpException h) {
                    return new Failure(h.retriable(), h.retryAfter(), "HTTP " + h.statusCode());
                }
                if (t instanceof com.misybot.hub.platform.OutboundUrlRefusedException) {
                    return new Failure(false, null, "its URL is refused by hub.security.outbound");
                }
                if (t instanceof HeaderAwareHttpClient.LlmTransportException
                        || t instanceof java.net.http.HttpTimeoutException
                        || t instanceof java.util.concurrent.TimeoutException) {
                    return new Failure(true, null, t.getClass().getSimpleName());
                }
            }
            return new Failure(false, null, e.getClass().getSimpleName());
        }
    }
}
