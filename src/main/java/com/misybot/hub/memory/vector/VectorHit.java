package com.misybot.hub.memory.vector;

/** A search hit: the document and its cosine similarity to the query. */
public record VectorHit(VectorDocument document, double score) {
}
