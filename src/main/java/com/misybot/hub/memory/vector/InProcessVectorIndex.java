package com.misybot.hub.memory.vector;

import com.misybot.hub.ai.Vectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * In-process ANN index: a Lucene HNSW graph (dot product over unit vectors = cosine) with the filter fields as
 * exact-match terms, so filters are applied while the graph is searched, not after. The documents themselves are
 * kept in a map, which also serves exact (brute-force) searches. Rebuilt from MongoDB at start
 * ({@link VectorStoreSetup}) and kept in step by the vector routes on every upsert and delete.
 */
public class InProcessVectorIndex implements VectorIndex, AutoCloseable {

    private static final String ID = "id";
    private static final String VECTOR = "vector";
    private static final String META = "m.";
    /** The document's text, analyzed for BM25 (English: lower case, stop words out, Porter stems). */
    private static final String TEXT = "text";
    /** At most this many distinct query terms are searched (a query is up to 2000 characters). */
    private static final int MAX_TERMS = 64;

    private final Analyzer analyzer = new EnglishAnalyzer();

    private final Map<String, VectorDocument> documents = new ConcurrentHashMap<>();
    /** Per collection, a counter moved by every write to it (a labelled collection's classifier is retrained). */
    private final Map<String, AtomicLong> versions = new ConcurrentHashMap<>();
    private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final int efSearch;

    public InProcessVectorIndex(int m, int beamWidth, int efSearch) {
        this.efSearch = efSearch;
        IndexWriterConfig config = new IndexWriterConfig(analyzer).setCodec(new Lucene912Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return new Lucene99HnswVectorsFormat(m, beamWidth);
            }
        });
        // a rebuild of a large collection flushes as few segments as possible: each segment is a graph of its own that
        // every search walks
        config.setRAMBufferSizeMB(256);
        try {
            this.writer = new IndexWriter(directory, config);
            this.searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void upsert(Collection<VectorDocument> batch) {
        try {
            for (VectorDocument doc : batch) {
                writer.updateDocument(new Term(ID, doc.sourceId()), luceneDocument(doc));
                VectorDocument replaced = documents.put(doc.sourceId(), doc);
                if (replaced != null && !java.util.Objects.equals(replaced.collection(), doc.collection())) {
                    changed(replaced);
                }
                changed(doc);
            }
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void delete(Collection<String> sourceIds) {
        try {
            for (String id : sourceIds) {
                writer.deleteDocuments(new Term(ID, id));
                changed(documents.remove(id));
            }
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<VectorHit> search(VectorQuery query) {
        return query.exact() ? exact(query) : approximate(query);
    }

    /**
     * BM25 over the documents' text (Lucene's default similarity), with the same filters as the vector search: every
     * document holding at least one of the query's terms, best first; {@code score} is the BM25 score.
     */
    @Override
    public List<VectorHit> lexical(VectorQuery query, String text) {
        Set<String> terms = terms(text);
        if (terms.isEmpty()) {
            return List.of();
        }
        BooleanQuery.Builder match = new BooleanQuery.Builder();
        for (String term : terms) {
            match.add(new TermQuery(new Term(TEXT, term)), BooleanClause.Occur.SHOULD);
        }
        match.setMinimumNumberShouldMatch(1);
        Query filter = filter(query);
        if (filter != null) {
            match.add(filter, BooleanClause.Occur.FILTER);
        }
        long now = System.currentTimeMillis();
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                TopDocs top = searcher.search(match.build(), query.topK());
                List<VectorHit> hits = new ArrayList<>(top.scoreDocs.length);
                for (ScoreDoc scoreDoc : top.scoreDocs) {
                    VectorDocument doc = documents.get(searcher.storedFields().document(scoreDoc.doc).get(ID));
                    if (doc != null && !doc.expired(now)) {
                        hits.add(new VectorHit(doc, scoreDoc.score));
                    }
                }
                return hits;
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The distinct analyzed terms of {@code text}, as the text field was indexed. */
    Set<String> terms(String text) {
        Set<String> terms = new LinkedHashSet<>();
        try (TokenStream tokens = analyzer.tokenStream(TEXT, text)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (tokens.incrementToken() && terms.size() < MAX_TERMS) {
                terms.add(term.toString());
            }
            tokens.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return terms;
    }

    @Override
    public int size() {
        return documents.size();
    }

    @Override
    public int sweepExpired() {
        return sweepExpiredAt(System.currentTimeMillis());
    }

    int sweepExpiredAt(long nowMillis) {
        List<String> expired = documents.values().stream().filter(d -> d.expired(nowMillis))
                .map(VectorDocument::sourceId).toList();
        if (!expired.isEmpty()) {
            delete(expired);
        }
        return expired.size();
    }

    /**
     * Merges the index into one segment (one HNSW graph), so a search walks one graph instead of one per flushed or
     * merged segment: after the rebuild at start and, by route {@code vector-index-compact}, when writes have
     * fragmented it beyond {@code maxSegments}. Returns the number of segments before.
     */
    public int compact(int maxSegments) {
        try {
            int before = segments();
            if (before > maxSegments) {
                writer.forceMerge(1);
                searchers.maybeRefreshBlocking();
            }
            return before;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Number of segments the searcher walks. */
    public int segments() throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return searcher.getIndexReader().leaves().size();
        } finally {
            searchers.release(searcher);
        }
    }

    @Override
    public boolean hasTextIndex() {
        return true;
    }

    @Override
    public long version(String collection) {
        AtomicLong version = versions.get(collection);
        return version == null ? 0 : version.get();
    }

    @Override
    public List<VectorDocument> knowledge(String collection) {
        long now = System.currentTimeMillis();
        return documents.values().stream()
                .filter(d -> VectorDocument.KNOWLEDGE.equals(d.kind()) && collection.equals(d.collection())
                        && !d.expired(now))
                .toList();
    }

    private void changed(VectorDocument doc) {
        if (doc != null && doc.collection() != null) {
            versions.computeIfAbsent(doc.collection(), c -> new AtomicLong()).incrementAndGet();
        }
    }

    /** Every indexed document (clustering, tests). */
    public Collection<VectorDocument> documents() {
        return documents.values();
    }

    /** Brute force: the query against every document that passes the filters. */
    List<VectorHit> exact(VectorQuery query) {
        long now = System.currentTimeMillis();
        PriorityQueue<VectorHit> best = new PriorityQueue<>(Comparator.comparingDouble(VectorHit::score));
        for (VectorDocument doc : documents.values()) {
            if (!query.matches(doc) || doc.expired(now)) {
                continue;
            }
            double score = Vectors.dot(query.vector(), doc.vector());
            if (score >= query.minScore() && (best.size() < query.topK() || score > best.peek().score())) {
                best.add(new VectorHit(doc, score));
                if (best.size() > query.topK()) {
                    best.poll();
                }
            }
        }
        List<VectorHit> hits = new ArrayList<>(best);
        hits.sort(Comparator.comparingDouble(VectorHit::score).reversed());
        return hits;
    }

    private List<VectorHit> approximate(VectorQuery query) {
        long now = System.currentTimeMillis();
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                int k = Math.max(query.topK(), efSearch);
                TopDocs top = searcher.search(new KnnFloatVectorQuery(VECTOR, query.vector(), k, filter(query)), k);
                List<VectorHit> hits = new ArrayList<>(query.topK());
                for (ScoreDoc scoreDoc : top.scoreDocs) {
                    // Lucene's dot-product score is (1 + cos) / 2
                    double cosine = 2 * scoreDoc.score - 1;
                    if (cosine < query.minScore() || hits.size() == query.topK()) {
                        break;
                    }
                    String id = searcher.storedFields().document(scoreDoc.doc).get(ID);
                    VectorDocument doc = documents.get(id);
                    if (doc != null && !doc.expired(now)) {
                        hits.add(new VectorHit(doc, cosine));
                    }
                }
                return hits;
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Query filter(VectorQuery query) {
        BooleanQuery.Builder filter = new BooleanQuery.Builder();
        int clauses = 0;
        if (query.kinds() != null && !query.kinds().isEmpty()) {
            filter.add(new TermInSetQuery("kind", query.kinds().stream().map(BytesRef::new).toList()),
                    BooleanClause.Occur.FILTER);
            clauses++;
        }
        clauses += term(filter, "collection", query.collection());
        clauses += term(filter, "sessionId", query.sessionId());
        clauses += term(filter, "ownerId", query.ownerId());
        clauses += term(filter, "agent", query.agent());
        if (query.metadata() != null) {
            for (Map.Entry<String, String> e : query.metadata().entrySet()) {
                clauses += term(filter, META + e.getKey(), e.getValue());
            }
        }
        return clauses == 0 ? null : filter.build();
    }

    private static int term(BooleanQuery.Builder filter, String field, String value) {
        if (value == null) {
            return 0;
        }
        filter.add(new TermQuery(new Term(field, value)), BooleanClause.Occur.FILTER);
        return 1;
    }

    private static Document luceneDocument(VectorDocument doc) {
        Document d = new Document();
        d.add(new StringField(ID, doc.sourceId(), Field.Store.YES));
        d.add(new KnnFloatVectorField(VECTOR, doc.vector(), VectorSimilarityFunction.DOT_PRODUCT));
        if (doc.text() != null) {
            d.add(new TextField(TEXT, doc.text(), Field.Store.NO));
        }
        add(d, "kind", doc.kind());
        add(d, "collection", doc.collection());
        add(d, "sessionId", doc.sessionId());
        add(d, "ownerId", doc.ownerId());
        add(d, "agent", doc.agent());
        if (doc.metadata() != null) {
            doc.metadata().forEach((key, value) -> add(d, META + key, value == null ? null : String.valueOf(value)));
        }
        return d;
    }

    private static void add(Document d, String field, String value) {
        if (value != null) {
            d.add(new StringField(field, value, Field.Store.NO));
        }
    }

    @Override
    public void close() throws IOException {
        analyzer.close();
        searchers.close();
        writer.close();
        directory.close();
    }
}
