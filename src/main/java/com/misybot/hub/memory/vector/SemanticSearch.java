package com.misybot.hub.memory.vector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.ai.EmbeddingService;
import com.misybot.hub.platform.web.Caller;
import com.misybot.hub.memory.SessionNotFoundException;
import com.misybot.hub.platform.Problem;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/**
 * Semantic search ({@code POST /api/v1/search}): turns the request into index filters, enforces who may see what
 * (turns only in session scope, only of the session's owner), embeds the query and asks the index, with answers cached
 * briefly per scope generation. Camel-free apart from the binding annotations.
 */
@Component("semanticSearch")
public class SemanticSearch {

    /**
     * Kinds searched in global scope: everything but turns, private to their session, and content versions, private
     * to their owner (searched through the content API).
     */
    static final Set<String> GLOBAL_KINDS = new TreeSet<>(VectorDocument.KINDS.stream()
            .filter(k -> !VectorDocument.TURN.equals(k) && !VectorDocument.CONTENT.equals(k)).toList());

    /** One result of a search. */
    public record Result(String id, double score, Double confidence, String text, String kind, String collection,
                         Map<String, Object> metadata) {
    }

    /** Answer of a search. */
    public record Answer(List<Result> results, String model, long tookMs, boolean exact, boolean cached) {
    }

    private final EmbeddingService embeddings;
    private final VectorIndex index;
    private final SearchCache cache;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final Relevance relevance;

    public SemanticSearch(EmbeddingService embeddings, VectorIndex index, SearchCache cache,
                          ObjectMapper json, MeterRegistry meters, Relevance relevance) {
        this.relevance = relevance;
        this.embeddings = embeddings;
        this.index = index;
        this.cache = cache;
        this.json = json;
        this.meters = meters;
    }

    /** The schema-valid request body as a {@link SearchRequest}; combinations the schema cannot express are 400. */
    public SearchRequest request(@Variable("json") JsonNode body) {
        String scope = body.path("scope").asText(SearchRequest.GLOBAL);
        String sessionId = body.hasNonNull("sessionId") ? body.get("sessionId").asText() : null;
        Set<String> kinds = new TreeSet<>();
        body.path("kinds").forEach(k -> kinds.add(k.asText()));
        if (SearchRequest.SESSION.equals(scope) && sessionId == null) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "scope \"session\" needs a sessionId.");
        }
        if (SearchRequest.GLOBAL.equals(scope)) {
            if (sessionId != null) {
                throw new ProblemException(ProblemType.BAD_REQUEST,
                        "sessionId is only allowed with scope \"session\".");
            }
            if (kinds.contains(VectorDocument.TURN)) {
                throw new ProblemException(ProblemType.BAD_REQUEST,
                        "Turns are private to their session: search them with scope \"session\".");
            }
            if (kinds.isEmpty()) {
                kinds.addAll(GLOBAL_KINDS);
            }
        }
        Map<String, String> metadata = new TreeMap<>();
        body.path("metadata").fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
        return new SearchRequest(body.path("query").asText(),
                body.hasNonNull("collection") ? body.get("collection").asText() : null, scope, sessionId, kinds,
                body.path("topK").asInt(5), body.hasNonNull("minScore") ? body.get("minScore").asDouble() : null,
                body.path("exact").asBoolean(false), body.hasNonNull("agent") ? body.get("agent").asText() : null,
                metadata, null, body.path("mode").asText(SearchRequest.DENSE),
                body.hasNonNull("minConfidence") ? body.get("minConfidence").asDouble() : null);
    }

    /** Session scope (owner_id of the session, from sql/context-bundle-owner.sql): only the owner (or an operator/superadmin) may search a session, and only its owner's turns. */
    public SearchRequest checkSession(SearchRequest request, @Header("sessionOwner") String owner,
                                      @Variable("caller") Caller caller) {
        if (owner == null || !(owner.equals(caller.id()) || caller.isPrivileged())) {
            throw new SessionNotFoundException(SessionNotFoundException.DETAIL);
        }
        return request.withOwner(owner);
    }

    public Answer search(SearchRequest request) {
        long start = System.nanoTime();
        String scope = request.isSessionScoped() ? "session:" + request.sessionId() : SearchRequest.GLOBAL;
        String key = cacheKey(request, cache.generation(scope));
        String cached = cache.get(key);
        if (cached != null) {
            meters.counter("hub.search.cache", "result", "hit").increment();
            Answer answer = read(cached);
            return new Answer(answer.results(), answer.model(), elapsedMs(start), answer.exact(), true);
        }
        meters.counter("hub.search.cache", "result", "miss").increment();
        // no threshold asked: the calibrated confidence decides (hub.vector.min-confidence); minScore alone keeps
        // its meaning (a cosine floor, no confidence filter)
        Double minConfidence = request.minConfidence() != null ? request.minConfidence()
                : request.minScore() == null ? relevance.defaultMinConfidence() : null;
        double minScore = request.minScore() != null ? request.minScore() : -1;
        if (SearchRequest.LEXICAL.equals(request.mode())) {
            VectorQuery filters = new VectorQuery(null, request.topK(), request.kinds(), request.collection(),
                    request.sessionId(), request.ownerId(), request.agent(), request.metadata(), minScore, false);
            List<Result> results = index.lexical(filters, request.query()).stream()
                    .map(h -> result(h, h.score(), null)).toList();
            Answer answer = new Answer(results, embeddings.model(), elapsedMs(start), false, false);
            cache.put(key, write(answer));
            return answer;
        }
        float[] vector = embeddings.embedEach(List.of(request.query())).get(0);
        if (vector == null) {
            throw new ProblemException(ProblemType.VALIDATION, "The query has nothing to search for (only blank or "
                    + "invisible characters).", List.of(new Problem.Violation("/query", "text",
                    "must contain a visible character")), null);
        }
        boolean hybrid = SearchRequest.HYBRID.equals(request.mode());
        // hybrid and labelled collections: more candidates than asked, so a document ranked well by both lists (or
        // of the predicted label) rises
        int candidates = hybrid ? HybridSearch.candidates(request.topK())
                : relevance.candidates(request.collection(), request.topK());
        VectorQuery query = new VectorQuery(vector, candidates, request.kinds(),
                request.collection(), request.sessionId(), request.ownerId(), request.agent(), request.metadata(),
                minScore, request.exact());
        List<VectorHit> hits = hybrid ? HybridSearch.fused(index, query, request.query()) : index.search(query);
        List<Result> results = relevance.rank(query, hits, !hybrid).stream()
                .filter(r -> r.cosine() >= minScore && (minConfidence == null || r.confidence() >= minConfidence))
                .limit(request.topK())
                .map(r -> result(r.hit(), r.hit().score(), r.confidence()))
                .toList();
        Answer answer = new Answer(results, embeddings.model(), elapsedMs(start), request.exact(), false);
        cache.put(key, write(answer));
        return answer;
    }

    /** Reciprocal rank fusion's constant (Cormack, Clarke and Büttcher 2009): damps the weight of the top ranks. */
    static final int RRF_K = 60;

    /**
     * Reciprocal rank fusion: each document scores {@code Σ 1 / (RRF_K + rank)} over the lists it is in (rank from
     * 1), best first, at most {@code topK}; ties keep the dense order. Ranks only, so the two lists' scores, cosine
     * and BM25, need no common scale.
     */
    public static List<VectorHit> fuse(List<VectorHit> dense, List<VectorHit> lexical, int topK) {
        Map<String, Double> scores = new LinkedHashMap<>();
        Map<String, VectorDocument> documents = new LinkedHashMap<>();
        for (List<VectorHit> ranking : List.of(dense, lexical)) {
            for (int i = 0; i < ranking.size(); i++) {
                VectorDocument doc = ranking.get(i).document();
                documents.putIfAbsent(doc.sourceId(), doc);
                scores.merge(doc.sourceId(), 1.0 / (RRF_K + i + 1), Double::sum);
            }
        }
        return scores.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(topK)
                .map(e -> new VectorHit(documents.get(e.getKey()), e.getValue()))
                .toList();
    }

    private static Result result(VectorHit hit, double rawScore, Double confidence) {
        VectorDocument doc = hit.document();
        double score = Math.round(rawScore * 1e6) / 1e6;
        return new Result(doc.refId(), score, confidence == null ? null : Math.round(confidence * 1e4) / 1e4,
                doc.text(), doc.kind(), doc.collection(),
                doc.metadata() == null ? Map.of() : new LinkedHashMap<>(doc.metadata()));
    }

    private String cacheKey(SearchRequest request, long generation) {
        String canonical = write(request) + "|" + embeddings.model();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return (request.isSessionScoped() ? "session:" + request.sessionId() : SearchRequest.GLOBAL) + ":"
                    + generation + ":" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Answer read(String text) {
        try {
            return json.readValue(text, Answer.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long elapsedMs(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
