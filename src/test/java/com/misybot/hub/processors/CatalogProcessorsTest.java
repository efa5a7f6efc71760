package com.misybot.hub.processors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.agents.GenerationSupport;
import com.misybot.hub.ai.EmbeddingService;
import com.misybot.hub.memory.ContextSnapshots.SnapshotView;
import com.misybot.hub.memory.vector.VectorDocument;
import com.misybot.hub.memory.vector.VectorHit;
import com.misybot.hub.memory.vector.VectorIndex;
import com.misybot.hub.memory.vector.VectorQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The generic processors of the operators' palette: retrieval, embedding and context text adapt the hub's services. */
class CatalogProcessorsTest {

    private final ObjectMapper json = new ObjectMapper();
    private final List<VectorQuery> queries = new ArrayList<>();

    @Test
    void should_search_the_collection_with_the_kamelet_threshold_or_the_model_default_when_retrieving() {
        Retrieval retrieval = new Retrieval(new UnitEmbeddings(), recordingIndex());
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());

        // a threshold set by the YAML
        exchange.setVariable("retrievalMinScore", "0.42");
        List<VectorHit> hits = retrieval.search("refund window", "faq", 4, exchange);
        // model-default: the embedding model's calibrated threshold
        exchange.setVariable("retrievalMinScore", "model-default");
        retrieval.search("refund window", "faq", 4, exchange);

        assertThat(hits).extracting(h -> h.document().refId()).containsExactly("faq-refund");
        assertThat(queries).extracting(VectorQuery::collection).containsOnly("faq");
        assertThat(queries).extracting(VectorQuery::topK).containsOnly(4);
        assertThat(queries).extracting(VectorQuery::kinds).containsOnly(Set.of(VectorDocument.KNOWLEDGE));
        assertThat(queries).extracting(VectorQuery::minScore).containsExactly(0.42, 0.77);
    }

    @Test
    void should_embed_the_text_with_the_hub_model_when_asked() {
        assertThat(new TextEmbedding(new UnitEmbeddings()).embed("cold brew")).containsExactly(1f, 0f);
    }

    @Test
    void should_render_the_summary_and_the_last_turns_when_a_snapshot_becomes_prompt_text() throws Exception {
        SnapshotView snapshot = new SnapshotView("snap-1", "s-1", "u-1", 3, Instant.now(),
                json.readTree("{\"summary\":\"Cold brew launch\"}"),
                json.readTree("[{\"role\":\"user\",\"text\":\"We sell cold brew\"}]"));

        String text = new ContextText(new GenerationSupport(json)).text(snapshot);

        assertThat(text).isEqualTo("Summary: Cold brew launch\nuser: We sell cold brew");
    }

    private VectorIndex recordingIndex() {
        return new VectorIndex() {
            @Override
            public void upsert(Collection<VectorDocument> documents) {
                throw new UnsupportedOperationException("retrieval only reads");
            }

            @Override
            public void delete(Collection<String> sourceIds) {
                throw new UnsupportedOperationException("retrieval only reads");
            }

            @Override
            public List<VectorHit> search(VectorQuery query) {
                queries.add(query);
                return List.of(new VectorHit(new VectorDocument("knowledge:faq-refund", "faq-refund",
                        VectorDocument.KNOWLEDGE, query.collection(), null, null, null, "Refunds within 30 days",
                        new float[] {1f, 0f}, "unit", Map.of(), Instant.now(), null), 0.9));
            }

            @Override
            public int size() {
                return 1;
            }
        };
    }

    /** Every text is the same unit vector; the model's threshold is 0.77. */
    private static final class UnitEmbeddings implements EmbeddingService {

        @Override
        public String model() {
            return "unit";
        }

        @Override
        public int dimensions() {
            return 2;
        }

        @Override
        public double defaultMinScore() {
            return 0.77;
        }

        @Override
        public List<float[]> embedAll(List<String> texts) {
            return texts.stream().map(t -> new float[] {1f, 0f}).toList();
        }
    }
}
