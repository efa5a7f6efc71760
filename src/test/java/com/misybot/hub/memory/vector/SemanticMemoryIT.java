package com.misybot.hub.memory.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.ai.EmbeddingService;
import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Semantic memory over HTTP against real PostgreSQL and Redis (in-process MongoDB): knowledge upsert and search by
 * meaning, filters, idempotent upserts, MongoDB indexes, the search cache, background turn embedding and session
 * scope that never crosses owners.
 */
class SemanticMemoryIT extends HubIntegrationTest {

    private static final String FAQ_DOCS = """
            [{"id":"reset-password","text":"To reset your password, open Settings, choose Security and click Reset password.","metadata":{"lang":"en","topic":"account"}},
             {"id":"delivery-time","text":"Orders are delivered within three to five business days after payment.","metadata":{"lang":"en","topic":"shipping"}},
             {"id":"cancel-plan","text":"You can cancel your subscription at any time from the Billing page; no fee applies.","metadata":{"lang":"en","topic":"billing"}},
             {"id":"refund","text":"Refunds are paid back to the original card within ten days.","metadata":{"lang":"en","topic":"billing"}},
             {"id":"horario","text":"Nuestro horario de atención es de lunes a viernes de nueve a seis.","metadata":{"lang":"es","topic":"support"}}]""";

    @Autowired
    MongoCollection<Document> embeddingsCollection;
    @Autowired
    EmbeddingService embeddings;
    @Autowired
    StringRedisTemplate redis;
    @Autowired
    VectorIndex index;
    @Autowired
    org.apache.camel.ProducerTemplate producer;

    private final com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    private TestUser operator;
    private String collection;

    @BeforeEach
    void loadFaq() {
        operator = user("operator");
        collection = "faq-" + UUID.randomUUID().toString().substring(0, 8);
        Http.Answer loaded = http.postJson("/api/v1/knowledge/" + collection + "/documents", FAQ_DOCS,
                Http.bearer(operator.accessToken()));
        assertThat(loaded.status()).as(loaded.body()).isEqualTo(200);
        assertThat(loaded.json().path("upserted").asInt()).isEqualTo(5);
        assertThat(loaded.json().path("model").asText()).isEqualTo(embeddings.model());
    }

    @Test
    void should_return_the_source_document_first_when_searching_with_a_paraphrase() {
        TestUser alice = user("user");
        for (boolean exact : new boolean[] {false, true}) {
            // when
            Http.Answer found = search(alice, "{\"query\":\"I forgot my password, how do I change it?\",\"collection\":\""
                    + collection + "\",\"exact\":" + exact + "}");
            // then
            assertThat(found.status()).as(found.body()).isEqualTo(200);
            JsonNode top = found.json().path("results").get(0);
            assertThat(top.path("id").asText()).isEqualTo("reset-password");
            assertThat(top.path("kind").asText()).isEqualTo("knowledge");
            assertThat(top.path("collection").asText()).isEqualTo(collection);
            assertThat(top.path("metadata").path("topic").asText()).isEqualTo("account");
            assertThat(top.path("score").asDouble()).isGreaterThan(embeddings.defaultMinScore());
            assertThat(found.json().path("model").asText()).isEqualTo(embeddings.model());
            assertThat(found.json().has("tookMs")).isTrue();
        }
    }

    @Test
    void should_find_an_exact_code_lexically_and_keep_both_signals_when_searching_hybrid() {
        // given: a document whose only link to the query is a product code the embedding does not know
        TestUser alice = user("user");
        Http.Answer loaded = http.postJson("/api/v1/knowledge/" + collection + "/documents",
                "[{\"id\":\"zq-recall\",\"text\":\"Recall notice for kettle model ZQ-7731: stop using it and "
                        + "contact support.\",\"metadata\":{\"topic\":\"safety\"}}]",
                Http.bearer(operator.accessToken()));
        assertThat(loaded.status()).as(loaded.body()).isEqualTo(200);
        String query = "\"query\":\"ZQ-7731 password\",\"collection\":\"" + collection + "\"";

        // when
        Http.Answer lexical = search(alice, "{" + query + ",\"mode\":\"lexical\"}");
        Http.Answer hybrid = search(alice, "{" + query + ",\"mode\":\"hybrid\",\"topK\":3}");
        Http.Answer dense = search(alice, "{" + query + ",\"mode\":\"dense\",\"topK\":3}");

        // then: BM25 finds the code (and the password entry, by its word); hybrid keeps what either side found
        assertThat(lexical.status()).as(lexical.body()).isEqualTo(200);
        assertThat(ids(lexical)).contains("zq-recall", "reset-password").doesNotContain("horario");
        assertThat(ids(hybrid)).contains("zq-recall", "reset-password");
        assertThat(ids(hybrid)).containsAll(ids(dense).stream().limit(1).toList());
        // a fused score is a sum of reciprocal ranks: at most 2 / 61
        hybrid.json().path("results").forEach(r -> assertThat(r.path("score").asDouble()).isBetween(0.0, 2.0 / 61));
        assertProblem(search(alice, "{" + query + ",\"mode\":\"fuzzy\"}"), 400, "validation");
    }

    @Test
    void should_drop_results_below_min_score_and_outside_the_metadata_filter() {
        TestUser alice = user("user");
        // a strict threshold leaves nothing for a vague query
        Http.Answer strict = search(alice, "{\"query\":\"money back\",\"collection\":\"" + collection
                + "\",\"minScore\":0.99}");
        assertThat(strict.json().path("results")).isEmpty();
        // the default threshold (calibrated confidence) drops unrelated documents: a refund question does not return
        // the Spanish hours (the looser "When do I get my money back?" stays below it: README "Semantic memory")
        Http.Answer refund = search(alice, "{\"query\":\"How many days until my refund is back on my card?\","
                + "\"collection\":\"" + collection + "\",\"topK\":5}");
        assertThat(ids(refund)).contains("refund").doesNotContain("horario");
        refund.json().path("results").forEach(r ->
                assertThat(r.path("confidence").asDouble()).isGreaterThanOrEqualTo(0.5));
        // minConfidence 0.99 leaves nothing; minScore alone returns what reaches the cosine, confidence shown
        assertThat(search(alice, "{\"query\":\"When do I get my money back?\",\"collection\":\"" + collection
                + "\",\"minConfidence\":0.99}").json().path("results")).isEmpty();
        Http.Answer loose = search(alice, "{\"query\":\"When do I get my money back?\",\"collection\":\"" + collection
                + "\",\"minScore\":-1,\"topK\":5}");
        assertThat(ids(loose)).hasSize(5).contains("horario");
        loose.json().path("results").forEach(r -> assertThat(r.path("confidence").asDouble()).isBetween(0.0, 1.0));
        // metadata equality filter
        Http.Answer billing = search(alice, "{\"query\":\"When do I get my money back?\",\"collection\":\""
                + collection + "\",\"metadata\":{\"topic\":\"shipping\"},\"minScore\":-1}");
        assertThat(ids(billing)).containsExactly("delivery-time");
    }

    @Test
    void should_classify_a_labelled_collection_and_decline_out_of_scope_queries_at_the_default_threshold()
            throws Exception {
        // given: a fixed CLINC150 sample (15 intents, 40 training queries each) as a labelled collection
        JsonNode sample = json.readTree(getClass().getResourceAsStream("/clinc150/sample.json"));
        String intents = "clinc-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> docs = new ArrayList<>();
        sample.path("train").forEach(t -> docs.add(json.createObjectNode().put("id", "t" + docs.size())
                .put("text", t.get(0).asText()).set("metadata", json.createObjectNode().put("label",
                        t.get(1).asText())).toString()));
        Http.Answer loaded = http.postJson("/api/v1/knowledge/" + intents + "/documents",
                "[" + String.join(",", docs) + "]", Http.bearer(operator.accessToken()));
        assertThat(loaded.status()).as(loaded.body()).isEqualTo(200);
        TestUser alice = user("user");

        // when each held-out query is classified by the top hit at the default threshold (no hit = out of scope),
        // and by the previous default (nearest neighbour above the model's cosine threshold)
        int[] correct = new int[2];
        int[] declined = new int[2];
        for (JsonNode t : sample.path("test")) {
            for (int way = 0; way < 2; way++) {
                JsonNode top = top(alice, intents, t.get(0).asText(), way == 1);
                if (top != null && top.path("metadata").path("label").asText().equals(t.get(1).asText())) {
                    correct[way]++;
                }
            }
        }
        for (JsonNode q : sample.path("oos_test")) {
            for (int way = 0; way < 2; way++) {
                JsonNode top = top(alice, intents, q.asText(), way == 1);
                declined[way] += top == null ? 1 : 0;
            }
        }

        // then the classifier with calibrated confidence answers the known intents and declines most unknown ones,
        // where the cosine threshold declined few
        double inScope = correct[0] / (double) sample.path("test").size();
        double outOfScope = declined[0] / (double) sample.path("oos_test").size();
        double oldOutOfScope = declined[1] / (double) sample.path("oos_test").size();
        assertThat(inScope).as("in-scope accuracy").isGreaterThanOrEqualTo(0.9);
        assertThat(outOfScope).as("out-of-scope recall").isGreaterThanOrEqualTo(0.6)
                .isGreaterThan(oldOutOfScope + 0.2);
    }

    @Test
    void should_decline_an_unrelated_query_in_a_labelled_collection_of_two_labels() {
        // given: two labels of three documents (a two-label classifier is sure of one label for any query: the
        // confidence must also weigh how close the query is to the documents)
        String tiny = "intents-" + UUID.randomUUID().toString().substring(0, 8);
        Http.Answer loaded = http.postJson("/api/v1/knowledge/" + tiny + "/documents", """
                [{"id":"1","text":"where is my parcel","metadata":{"label":"order_status"}},
                 {"id":"2","text":"has my order shipped yet","metadata":{"label":"order_status"}},
                 {"id":"3","text":"track my package","metadata":{"label":"order_status"}},
                 {"id":"4","text":"I want my money back","metadata":{"label":"refund"}},
                 {"id":"5","text":"how do I get a refund","metadata":{"label":"refund"}},
                 {"id":"6","text":"return this item for a refund","metadata":{"label":"refund"}}]""",
                Http.bearer(operator.accessToken()));
        assertThat(loaded.status()).as(loaded.body()).isEqualTo(200);
        TestUser alice = user("user");
        // then paraphrases get their label, unrelated questions nothing
        assertThat(top(alice, tiny, "when will my package arrive", false).path("metadata").path("label").asText())
                .isEqualTo("order_status");
        assertThat(top(alice, tiny, "can I return it and get reimbursed", false).path("metadata").path("label")
                .asText()).isEqualTo("refund");
        assertThat(top(alice, tiny, "what is the capital of peru", false)).isNull();
        assertThat(top(alice, tiny, "play some jazz music", false)).isNull();
    }

    /** The top hit of a search of {@code collection} at the default threshold (or the model's cosine one), or null. */
    private JsonNode top(TestUser user, String collection, String query, boolean cosine) {
        var body = json.createObjectNode().put("query", query).put("collection", collection).put("topK", 1);
        if (cosine) {
            body.put("minScore", embeddings.defaultMinScore());
        }
        Http.Answer found = search(user, body.toString());
        assertThat(found.status()).as(found.body()).isEqualTo(200);
        JsonNode results = found.json().path("results");
        if (results.isEmpty()) {
            return null;
        }
        if (!cosine) {
            assertThat(results.get(0).path("confidence").asDouble()).isGreaterThanOrEqualTo(0.5);
        }
        return results.get(0);
    }

    @Test
    void should_keep_one_document_when_the_same_id_is_upserted_twice() {
        // when the document is sent again with a new text
        Http.Answer again = http.postJson("/api/v1/knowledge/" + collection + "/documents",
                "[{\"id\":\"refund\",\"text\":\"Refunds reach your bank account within two weeks.\"}]",
                Http.bearer(operator.accessToken()));
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        // then MongoDB holds one vector for it, with the new text, and search returns the new text
        assertThat(embeddingsCollection.countDocuments(Filters.eq("sourceId", "knowledge:" + collection + ":refund")))
                .isEqualTo(1);
        Http.Answer found = search(user("user"), "{\"query\":\"How long until the refund reaches my bank?\","
                + "\"collection\":\"" + collection + "\",\"topK\":1}");
        assertThat(found.json().path("results").get(0).path("text").asText()).contains("two weeks");
    }

    @Test
    void should_have_the_ttl_unique_and_session_indexes_on_the_embeddings_collection() {
        List<Document> indexes = embeddingsCollection.listIndexes().into(new ArrayList<>());
        Document ttl = indexes.stream().filter(i -> "expiresAt_ttl".equals(i.getString("name"))).findFirst()
                .orElseThrow();
        assertThat(((Number) ttl.get("expireAfterSeconds")).longValue()).isZero();
        Document unique = indexes.stream().filter(i -> "sourceId_model_unique".equals(i.getString("name")))
                .findFirst().orElseThrow();
        assertThat(unique.getBoolean("unique")).isTrue();
        assertThat(unique.get("key", Document.class).keySet()).containsExactly("sourceId", "model");
        assertThat(indexes).anyMatch(i -> "sessionId_createdAt".equals(i.getString("name")));
    }

    @Test
    void should_serve_a_repeated_search_from_redis_until_the_collection_changes() {
        TestUser alice = user("user");
        String body = "{\"query\":\"cancel my plan\",\"collection\":\"" + collection + "\",\"minScore\":-1}";
        assertThat(search(alice, body).json().path("cached").asBoolean()).isFalse();
        // the answer is in Redis now
        assertThat(redis.keys("hub:search:a:global:*")).isNotEmpty();
        assertThat(search(alice, body).json().path("cached").asBoolean()).isTrue();
        // when the collection changes
        http.postJson("/api/v1/knowledge/" + collection + "/documents",
                "[{\"id\":\"pause-plan\",\"text\":\"You can also pause your plan for up to three months.\"}]",
                Http.bearer(operator.accessToken()));
        // then the next answer is computed again and sees the new document
        Http.Answer fresh = search(alice, body);
        assertThat(fresh.json().path("cached").asBoolean()).isFalse();
        assertThat(ids(fresh)).contains("pause-plan");
    }

    @Test
    void should_embed_stored_turns_and_never_show_them_to_another_owner() {
        // given alice and bob each write in their own session
        TestUser alice = user("user");
        TestUser bob = user("user");
        String aliceSession = newSessionId();
        String bobSession = newSessionId();
        post(alice, aliceSession, "My launch is a vegan protein bar for runners");
        post(bob, bobSession, "My launch is a vegan protein bar for runners");
        // when the background embedder has stored both user turns (oldest first: in the full suite it first works
        // through the thousands of turns the outage test leaves, at the model's ~150-200 embeddings/s)
        await().atMost(Duration.ofSeconds(120)).until(() -> embeddingsCollection.countDocuments(Filters.and(
                Filters.eq("kind", "turn"), Filters.eq("metadata.role", "user"),
                Filters.in("sessionId", aliceSession, bobSession))) == 2);
        // then alice finds her own turn in her session (the route writes MongoDB, then the index: poll the search)
        String ownQuery = "{\"query\":\"what product am I launching?\",\"scope\":\"session\","
                + "\"sessionId\":\"" + aliceSession + "\",\"minScore\":-1,\"metadata\":{\"role\":\"user\"}}";
        await().atMost(Duration.ofSeconds(10)).until(() -> search(alice, ownQuery).json().path("results").size() == 1);
        Http.Answer own = search(alice, ownQuery);
        assertThat(own.status()).as(own.body()).isEqualTo(200);
        assertThat(own.json().path("results")).hasSize(1);
        assertThat(own.json().path("results").get(0).path("kind").asText()).isEqualTo("turn");
        assertThat(count("SELECT count(*) FROM context_turn WHERE id = ?::uuid AND session_id = ? "
                + "AND embedded_at IS NOT NULL", own.json().path("results").get(0).path("id").asText(), aliceSession))
                .isEqualTo(1);
        // and every turn her session search returns (front-desk's answers included) is of her session, none of bob's
        Http.Answer all = search(alice, "{\"query\":\"My launch is a vegan protein bar for runners\",\"scope\":"
                + "\"session\",\"sessionId\":\"" + aliceSession + "\",\"minScore\":-1,\"topK\":100}");
        all.json().path("results").forEach(r -> assertThat(count("SELECT count(*) FROM context_turn WHERE id = ?::uuid "
                + "AND session_id = ?", r.path("id").asText(), aliceSession)).isEqualTo(1));
        // bob cannot search alice's session (404 like reading it), nor reach turns in global scope
        assertProblem(search(bob, "{\"query\":\"vegan bar\",\"scope\":\"session\",\"sessionId\":\""
                + aliceSession + "\"}"), 404, "not-found");
        assertProblem(search(bob, "{\"query\":\"vegan bar\",\"kinds\":[\"turn\"]}"), 400, "bad-request");
        Http.Answer global = search(bob, "{\"query\":\"My launch is a vegan protein bar for runners\",\"minScore\":-1,"
                + "\"topK\":100}");
        global.json().path("results").forEach(r -> assertThat(r.path("kind").asText()).isNotEqualTo("turn"));
    }

    @Test
    void should_refuse_bad_knowledge_requests_with_problems_and_store_nothing() {
        long before = embeddingsCollection.countDocuments();
        TestUser alice = user("user");
        String docs = "[{\"id\":\"x\",\"text\":\"some text\"}]";
        // plain users may not write knowledge
        assertProblem(http.postJson("/api/v1/knowledge/" + collection + "/documents", docs,
                Http.bearer(alice.accessToken())), 403, "forbidden");
        // schema violations, duplicate ids, bad collection names, too many documents
        String token = operator.accessToken();
        assertProblem(http.postJson("/api/v1/knowledge/" + collection + "/documents", "[{\"id\":\"x\"}]",
                Http.bearer(token)), 400, "validation");
        assertProblem(http.postJson("/api/v1/knowledge/" + collection + "/documents",
                "[{\"id\":\"x\",\"text\":\"a\"},{\"id\":\"x\",\"text\":\"b\"}]", Http.bearer(token)), 400, "bad-request");
        assertProblem(http.postJson("/api/v1/knowledge/Bad_Name/documents", docs, Http.bearer(token)), 400,
                "bad-request");
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 1001; i++) {
            many.append(i == 0 ? "" : ",").append("{\"id\":\"d").append(i).append("\",\"text\":\"t\"}");
        }
        assertProblem(http.postJson("/api/v1/knowledge/" + collection + "/documents", many.append("]").toString(),
                Http.bearer(token)), 400, "validation");
        // bad searches
        assertProblem(search(alice, "{\"query\":\"x\",\"topK\":0}"), 400, "validation");
        assertProblem(search(alice, "{\"query\":\"x\",\"scope\":\"session\"}"), 400, "bad-request");
        assertProblem(search(alice, "{\"query\":\"\"}"), 400, "validation");
        // unknown document
        assertProblem(http.send("DELETE", "/api/v1/knowledge/" + collection + "/documents/nope", null, null,
                Http.bearer(token)), 404, "not-found");
        assertThat(embeddingsCollection.countDocuments()).isEqualTo(before);
    }

    @Test
    void should_delete_a_document_from_mongodb_and_the_index() {
        Http.Answer deleted = http.send("DELETE", "/api/v1/knowledge/" + collection + "/documents/refund", null, null,
                Http.bearer(operator.accessToken()));
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(embeddingsCollection.countDocuments(Filters.eq("sourceId", "knowledge:" + collection + ":refund")))
                .isZero();
        for (boolean exact : new boolean[] {false, true}) {
            Http.Answer found = search(user("user"), "{\"query\":\"Refunds are paid back to the original card\","
                    + "\"collection\":\"" + collection + "\",\"minScore\":-1,\"topK\":10,\"exact\":" + exact + "}");
            assertThat(ids(found)).doesNotContain("refund").hasSize(4);
        }
    }

    @Test
    void should_bring_writes_made_through_another_replica_into_this_replicas_index() throws Exception {
        // given a second replica's index, rebuilt from MongoDB at its start, and its change cursor
        try (InProcessVectorIndex other = new InProcessVectorIndex(16, 100, 100)) {
            VectorIndexSync otherSync = new VectorIndexSync(other, embeddingsCollection, embeddings.model());
            new VectorStoreSetup(embeddingsCollection, other, embeddings.model(), () -> otherSync.startAt(
                    jdbc.queryForObject("SELECT coalesce(max(seq), 0) FROM vector_change", Long.class)))
                    .afterPropertiesSet();
            float[] query = embeddings.embed("Is there a student discount?");
            VectorQuery inCollection = new VectorQuery(query, 3, null, collection, null, null, null, null, 0.5, false);
            assertThat(other.search(inCollection)).noneMatch(h -> h.document().refId().equals("students"));
            // when this replica (the running hub) adds one document and deletes another
            assertThat(http.postJson("/api/v1/knowledge/" + collection + "/documents",
                    "[{\"id\":\"students\",\"text\":\"Students get a 30 percent discount with a valid card.\"}]",
                    Http.bearer(operator.accessToken())).status()).isEqualTo(200);
            assertThat(http.send("DELETE", "/api/v1/knowledge/" + collection + "/documents/refund", null, null,
                    Http.bearer(operator.accessToken())).status()).isEqualTo(200);
            // and the other replica replays the change log
            var since = otherSync.since(10);
            List<java.util.Map<String, Object>> rows = jdbc.queryForList("SELECT seq, op, source_ids, origin "
                    + "FROM vector_change WHERE (seq > ? OR created_at > now() - make_interval(secs => ?)) "
                    + "AND origin <> ? ORDER BY seq", since.get("after"), since.get("overlapSeconds"),
                    since.get("origin"));
            otherSync.apply(rows);
            // then its index finds the new document and no longer the deleted one
            assertThat(other.search(inCollection).get(0).document().refId()).isEqualTo("students");
            assertThat(other.documents()).noneMatch(d -> d.sourceId().equals("knowledge:" + collection + ":refund"));
            assertThat(otherSync.cursor()).isGreaterThan(0);
        }
    }

    @Test
    void should_drop_vectors_past_their_retention_from_the_collection_and_the_index() {
        // given a trend vector whose retention has passed, written through the store route
        float[] vector = embeddings.embed("Expired trend about retro sneakers");
        VectorDocument expired = new VectorDocument("trend:expired-" + collection, "expired", "trend", collection,
                null, null, null, "Expired trend about retro sneakers", vector, embeddings.model(),
                java.util.Map.of(), java.time.Instant.now().minusSeconds(120), java.time.Instant.now().minusSeconds(1));
        producer.requestBody("direct:vector-upsert", List.of(expired));
        assertThat(embeddingsCollection.countDocuments(Filters.eq("sourceId", expired.sourceId()))).isEqualTo(1);
        // a search never returns it, even before the sweep
        VectorQuery query = new VectorQuery(vector, 5, java.util.Set.of("trend"), collection, null, null, null, null, -1,
                true);
        assertThat(index.search(query)).isEmpty();
        // when the expiry route runs
        producer.requestBody("direct:vector-expire", (Object) null);
        // then it is gone from both
        assertThat(embeddingsCollection.countDocuments(Filters.eq("sourceId", expired.sourceId()))).isZero();
        assertThat(((InProcessVectorIndex) index).documents()).noneMatch(d -> d.sourceId().equals(expired.sourceId()));
    }

    private Http.Answer search(TestUser user, String body) {
        return http.postJson("/api/v1/search", body, Http.bearer(user.accessToken()));
    }

    private void post(TestUser user, String session, String text) {
        Http.Answer posted = http.postJson("/api/v1/sessions/" + session + "/messages", "{\"text\":\"" + text + "\"}",
                Http.bearer(user.accessToken()));
        assertThat(posted.status()).as(posted.body()).isEqualTo(202);
    }

    private static List<String> ids(Http.Answer answer) {
        List<String> ids = new ArrayList<>();
        answer.json().path("results").forEach(r -> ids.add(r.path("id").asText()));
        return ids;
    }
}
