package com.misybot.hub.memory.vector;

import static org.assertj.core.api.Assertions.assertThat;

import com.misybot.hub.ai.Vectors;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Lucene HNSW index against its own brute-force scan: recall, filters, replace, delete, expiry. */
class InProcessVectorIndexTest {

    private static final int DIMS = 64;
    private final Random random = new Random(7);

    @Test
    void should_find_nearly_the_same_neighbours_as_the_exact_scan_when_searching_the_hnsw_graph() throws Exception {
        // given 3,000 vectors around 30 centres
        try (InProcessVectorIndex index = new InProcessVectorIndex(16, 100, 100)) {
            List<float[]> centres = new ArrayList<>();
            for (int c = 0; c < 30; c++) {
                centres.add(randomUnit());
            }
            List<VectorDocument> docs = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                docs.add(doc("d" + i, "knowledge", "faq", null, null, near(centres.get(i % 30), 0.4), Map.of()));
            }
            index.upsert(docs);
            // when 50 queries run both ways
            int found = 0;
            for (int q = 0; q < 50; q++) {
                float[] query = near(centres.get(q % 30), 0.4);
                Set<String> exact = ids(index.search(query(query, 10, true)));
                Set<String> approximate = ids(index.search(query(query, 10, false)));
                found += (int) approximate.stream().filter(exact::contains).count();
            }
            // then recall@10 is high
            assertThat(found / 500.0).isGreaterThanOrEqualTo(0.95);
            assertThat(index.size()).isEqualTo(3000);
        }
    }

    @Test
    void should_return_only_documents_matching_every_filter_when_filters_are_given() throws Exception {
        try (InProcessVectorIndex index = new InProcessVectorIndex(16, 100, 100)) {
            // given turns of two owners in one session, and knowledge
            float[] v = randomUnit();
            index.upsert(List.of(
                    doc("t1", "turn", "session", "s1", "alice", near(v, 0.1), Map.of("role", "user")),
                    doc("t2", "turn", "session", "s1", "bob", near(v, 0.1), Map.of("role", "user")),
                    doc("k1", "knowledge", "faq", null, null, near(v, 0.1), Map.of("lang", "en")),
                    doc("k2", "knowledge", "faq", null, null, near(v, 0.1), Map.of("lang", "es"))));
            for (boolean exact : new boolean[] {true, false}) {
                // when filtering on owner, or on metadata
                List<VectorHit> alice = index.search(new VectorQuery(v, 10, Set.of("turn"), null, "s1", "alice", null,
                        Map.of(), -1, exact));
                List<VectorHit> spanish = index.search(new VectorQuery(v, 10, Set.of("knowledge"), "faq", null, null,
                        null, Map.of("lang", "es"), -1, exact));
                // then only the matching documents come back
                assertThat(ids(alice)).containsExactly("t1");
                assertThat(ids(spanish)).containsExactly("k2");
            }
        }
    }

    @Test
    void should_replace_a_document_on_upsert_and_forget_it_on_delete_or_expiry() throws Exception {
        try (InProcessVectorIndex index = new InProcessVectorIndex(16, 100, 100)) {
            float[] a = randomUnit();
            float[] b = randomUnit();
            index.upsert(List.of(doc("x", "knowledge", "faq", null, null, a, Map.of())));
            // when the same source is upserted with another vector
            index.upsert(List.of(doc("x", "knowledge", "faq", null, null, b, Map.of())));
            // then one document, found by the new vector only
            assertThat(index.size()).isEqualTo(1);
            assertThat(index.search(query(b, 1, false)).get(0).score()).isGreaterThan(0.999);
            assertThat(index.search(new VectorQuery(a, 1, null, null, null, null, null, null, 0.999, false))).isEmpty();
            // when deleted, or expired
            index.delete(List.of("x"));
            index.upsert(List.of(new VectorDocument("y", "y", "trend", "t", null, null, null, "y", a, "m", Map.of(),
                    Instant.now(), Instant.now().minusSeconds(1))));
            // then nothing is found
            assertThat(index.search(query(b, 5, false))).isEmpty();
            assertThat(index.search(query(a, 5, true))).isEmpty();
            assertThat(index.sweepExpired()).isEqualTo(1);
            assertThat(index.size()).isZero();
        }
    }

    private static VectorQuery query(float[] v, int k, boolean exact) {
        return new VectorQuery(v, k, null, null, null, null, null, null, -1, exact);
    }

    @Test
    void should_rank_documents_by_bm25_over_their_text_with_the_filters_when_searching_lexically() throws Exception {
        try (InProcessVectorIndex index = new InProcessVectorIndex(16, 100, 100)) {
            index.upsert(List.of(
                    text("returns", "faq", "Returns of item XJ-4411 are accepted within thirty days of delivery."),
                    text("shipping", "faq", "Orders are delivered within three to five business days."),
                    text("other", "faq", "Our espresso beans are roasted every Tuesday."),
                    text("elsewhere", "blog", "Item XJ-4411 was our best seller of the summer.")));

            // the product code and a stemmed word ("returning" ~ "returns") find the returns entry first
            List<VectorHit> hits = index.lexical(filters("faq", 5), "Returning the XJ-4411, how?");
            assertThat(hits).extracting(h -> h.document().refId()).containsExactly("returns");
            assertThat(hits.get(0).score()).isPositive();
            // the collection filter holds; stop words alone match nothing
            assertThat(index.lexical(filters(null, 5), "XJ-4411")).extracting(h -> h.document().refId())
                    .containsExactlyInAnyOrder("returns", "elsewhere");
            assertThat(index.lexical(filters("faq", 5), "the of and")).isEmpty();
            assertThat(index.terms("Returning the XJ-4411, how?")).containsExactly("return", "xj", "4411", "how");
            // a deleted document leaves the text index too
            index.delete(List.of("returns|m"));
            assertThat(index.lexical(filters("faq", 5), "XJ-4411")).isEmpty();
        }
    }

    private static VectorQuery filters(String collection, int k) {
        return new VectorQuery(null, k, null, collection, null, null, null, null, -1, false);
    }

    private VectorDocument text(String id, String collection, String text) {
        return new VectorDocument(id + "|m", id, "knowledge", collection, null, null, null, text, randomUnit(), "m",
                Map.of(), Instant.now(), null);
    }

    private static Set<String> ids(List<VectorHit> hits) {
        return new java.util.LinkedHashSet<>(hits.stream().map(h -> h.document().sourceId()).toList());
    }

    private static VectorDocument doc(String id, String kind, String collection, String session, String owner,
                                      float[] v, Map<String, Object> metadata) {
        return new VectorDocument(id, id, kind, collection, session, owner, null, "text " + id, v, "m", metadata,
                Instant.now(), null);
    }

    private float[] randomUnit() {
        float[] v = new float[DIMS];
        for (int i = 0; i < DIMS; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return Vectors.normalize(v);
    }

    private float[] near(float[] centre, double noise) {
        float[] v = new float[DIMS];
        for (int i = 0; i < DIMS; i++) {
            v[i] = centre[i] + (float) (random.nextGaussian() * noise / Math.sqrt(DIMS));
        }
        return Vectors.normalize(v);
    }
}
