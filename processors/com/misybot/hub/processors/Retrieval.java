package com.misybot.hub.processors;

import com.misybot.hub.ai.EmbeddingService;
import com.misybot.hub.memory.vector.HybridSearch;
import com.misybot.hub.memory.vector.VectorDocument;
import com.misybot.hub.memory.vector.VectorHit;
import com.misybot.hub.memory.vector.VectorIndex;
import com.misybot.hub.memory.vector.VectorQuery;
import java.util.List;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/**
 * {@code retrieval}: the knowledge documents closest to the body text (hybrid: dense and BM25 fused by rank), from collection
 * {@code retrievalCollection}, at most {@code retrievalDocuments}, scoring at least {@code retrievalMinScore}
 * (empty = the embedding model's default threshold).
 */
@Component("retrieval")
public class Retrieval {

    private final EmbeddingService embeddings;
    private final VectorIndex index;

    public Retrieval(EmbeddingService embeddings, VectorIndex index) {
        this.embeddings = embeddings;
        this.index = index;
    }

    public List<VectorHit> search(String text, @Variable("retrievalCollection") String collection,
                                  @Variable("retrievalDocuments") int documents, Exchange exchange) {
        Double minScore = BehaviourVariables.decimal(exchange, "retrievalMinScore");
        return HybridSearch.search(index, new VectorQuery(embeddings.embed(text), documents,
                Set.of(VectorDocument.KNOWLEDGE), collection, null, null, null, null,
                minScore != null ? minScore : embeddings.defaultMinScore(), false), text);
    }
}
