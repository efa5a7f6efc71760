package com.misybot.hub.agents.editor;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.memory.vector.SearchRequest;
import com.misybot.hub.memory.vector.SemanticSearch;
import com.misybot.hub.memory.vector.VectorDocument;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import com.misybot.hub.platform.web.Caller;
import com.misybot.hub.platform.web.UnifiedDiff;
import com.misybot.hub.platform.web.VersionNumbers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Body;
import org.apache.camel.Variable;
import org.springframework.stereotype.Service;

/**
 * The content API (issue 17, content-editor): pieces with versions. Every change is a new version (a restore copies
 * an old one forward); {@code If-Match} with the version the client read makes a stale edit a 412 instead of a lost
 * update. A piece is its owner's: others get 404, operators and superadmins may read and edit it. Every version is
 * embedded off the request path (route content-embedding) and searchable by meaning among the caller's pieces.
 */
@Service("contents")
public class Contents {

    /** A piece as the API shows it: its current version. */
    public record PieceView(String id, int version, String title, String text, String sessionId, String ownerId,
                            String author, String origin, Integer restoredFrom, Instant createdAt, Instant updatedAt) {
    }

    public record VersionView(int version, String title, String text, String author, String origin,
                              Integer restoredFrom, String instruction, Instant createdAt, boolean embedded) {
    }

    public record Versions(String id, int currentVersion, List<VersionView> versions) {
    }

    public record Diff(String id, int version, Integer against, String diff) {
    }

    public record Hit(String id, int version, int currentVersion, String title, String text, double score,
                      Double confidence) {
    }

    public record Hits(List<Hit> results) {
    }

    private final ContentStore store;
    private final SemanticSearch search;

    public Contents(ContentStore store, SemanticSearch search) {
        this.store = store;
        this.search = search;
    }

    public PieceView create(@Variable("json") JsonNode body, @Variable("caller") Caller caller) {
        String sessionId = body.hasNonNull("sessionId") ? body.get("sessionId").asText() : null;
        if (sessionId != null) {
            // a piece may belong to one of its owner's sessions; another's session is as unknown as a missing one
            Optional<String> owner = store.sessionOwner(sessionId);
            if (owner.isEmpty() || !(owner.get().equals(caller.id()) || caller.isPrivileged())) {
                throw new ProblemException(ProblemType.NOT_FOUND, "No session " + sessionId);
            }
        }
        return view(store.create(caller.id(), sessionId, new ContentStore.Change(body.path("title").asText(),
                body.path("text").asText(), caller.id(), "api", null, null)));
    }

    public PieceView get(@Variable("contentId") String contentId, @Variable("caller") Caller caller) {
        return view(visible(contentId, caller));
    }

    /** A new version with the title (kept when absent) and text; nothing stored when both are unchanged. */
    public PieceView update(@Variable("contentId") String contentId, @Variable("json") JsonNode body,
                            @Variable("If-Match") String ifMatch, @Variable("caller") Caller caller) {
        ContentStore.Piece piece = visible(contentId, caller);
        Integer expected = expectedVersion(ifMatch);
        return view(store.change(piece.id(), locked -> {
            checkFresh(locked, expected);
            String title = body.hasNonNull("title") ? body.get("title").asText() : locked.title();
            String text = body.path("text").asText();
            if (title.equals(locked.title()) && text.equals(locked.text())) {
                return null;
            }
            return new ContentStore.Change(title, text, caller.id(), "api", null, null);
        }).orElseThrow(() -> notFound(contentId)));
    }

    /** A new version with the title and text of an old one. */
    public PieceView restore(@Variable("contentId") String contentId, @Variable("json") JsonNode body,
                             @Variable("If-Match") String ifMatch, @Variable("caller") Caller caller) {
        ContentStore.Piece piece = visible(contentId, caller);
        int wanted = body.path("version").asInt();
        ContentStore.Version old = store.version(piece.id(), wanted).orElseThrow(() -> new ProblemException(
                ProblemType.NOT_FOUND, "Content " + contentId + " has no version " + wanted + "."));
        Integer expected = expectedVersion(ifMatch);
        return view(store.change(piece.id(), locked -> {
            checkFresh(locked, expected);
            return new ContentStore.Change(old.title(), old.text(), caller.id(), "restore", wanted, null);
        }).orElseThrow(() -> notFound(contentId)));
    }

    public Versions versions(@Variable("contentId") String contentId, @Variable("caller") Caller caller) {
        ContentStore.Piece piece = visible(contentId, caller);
        List<VersionView> versions = store.versions(piece.id()).stream().map(v -> new VersionView(v.version(),
                v.title(), v.text(), v.author(), v.origin(), v.restoredFrom(), v.instruction(), v.createdAt(),
                v.embeddedAt() != null)).toList();
        return new Versions(piece.id().toString(), piece.version(), versions);
    }

    /** Unified diff of a version's text (title first) against another, by default the version before it. */
    public Diff diff(@Variable("contentId") String contentId, @Variable("version") String version,
                     @Variable("against") String against, @Variable("caller") Caller caller) {
        ContentStore.Piece piece = visible(contentId, caller);
        ContentStore.Version revised = version(piece, VersionNumbers.parse(version, "version"));
        ContentStore.Version original = against != null && !against.isBlank()
                ? version(piece, VersionNumbers.parse(against, "against"))
                : revised.version() > 1 ? version(piece, revised.version() - 1) : null;
        String diff = UnifiedDiff.of(original == null ? null : "v" + original.version(),
                original == null ? null : text(original), "v" + revised.version(), text(revised));
        return new Diff(piece.id().toString(), revised.version(), original == null ? null : original.version(),
                diff);
    }

    /** The caller's versions (of every piece) closest in meaning to the query, best first. */
    public Hits search(@Variable("json") JsonNode body, @Variable("caller") Caller caller) {
        SearchRequest request = new SearchRequest(body.path("query").asText(), null, SearchRequest.GLOBAL, null,
                Set.of(VectorDocument.CONTENT), body.path("topK").asInt(5), null, false, null, Map.of(), caller.id(),
                SearchRequest.DENSE, null);
        List<SemanticSearch.Result> results = search.search(request).results();
        Map<UUID, Integer> current = store.currentVersions(results.stream().map(r -> parse(r.id()))
                .flatMap(Optional::stream).toList());
        List<Hit> hits = new ArrayList<>();
        for (SemanticSearch.Result r : results) {
            Object v = r.metadata().get("version");
            Integer currentVersion = parse(r.id()).map(current::get).orElse(null);
            if (v == null || currentVersion == null) {
                continue;
            }
            hits.add(new Hit(r.id(), Integer.parseInt(v.toString()), currentVersion,
                    String.valueOf(r.metadata().get("title")), r.text(), r.score(), r.confidence()));
        }
        return new Hits(hits);
    }

    /** The ETag of a piece's answer: its current version, quoted. */
    public String etag(@Body PieceView piece) {
        return "\"" + piece.version() + "\"";
    }

    private ContentStore.Piece visible(String contentId, Caller caller) {
        return parse(contentId).flatMap(store::find)
                .filter(p -> p.ownerId().equals(caller.id()) || caller.isPrivileged())
                .orElseThrow(() -> notFound(contentId));
    }

    private ContentStore.Version version(ContentStore.Piece piece, int version) {
        return store.version(piece.id(), version).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                "Content " + piece.id() + " has no version " + version + "."));
    }

    /** The version an If-Match names ({@code "3"}, {@code 3}, {@code W/"3"}); null for none or {@code *}. */
    static Integer expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return null;
        }
        String tag = ifMatch.strip();
        tag = tag.startsWith("W/") ? tag.substring(2) : tag;
        tag = tag.startsWith("\"") && tag.endsWith("\"") && tag.length() >= 2 ? tag.substring(1, tag.length() - 1)
                : tag;
        try {
            return Integer.parseInt(tag);
        } catch (NumberFormatException e) {
            throw new ProblemException(ProblemType.PRECONDITION_FAILED, "If-Match " + ifMatch + " names no version "
                    + "of this piece (its ETag is the version number in quotes, e.g. \"3\").");
        }
    }

    private static void checkFresh(ContentStore.Locked piece, Integer expected) {
        if (expected != null && expected != piece.version()) {
            throw new ProblemException(ProblemType.PRECONDITION_FAILED, "The piece is at version " + piece.version()
                    + ", not " + expected + " (If-Match): someone changed it since you read it. Read it again and "
                    + "apply your change to version " + piece.version() + ".");
        }
    }

    /** What a diff compares: the title as a first line, then the text. */
    private static String text(ContentStore.Version v) {
        return "# " + v.title() + "\n" + v.text();
    }

    private static Optional<UUID> parse(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }


    private static ProblemException notFound(String contentId) {
        return new ProblemException(ProblemType.NOT_FOUND, "No content " + contentId);
    }

    private static PieceView view(ContentStore.Piece p) {
        return new PieceView(p.id().toString(), p.version(), p.title(), p.text(), p.sessionId(), p.ownerId(),
                p.author(), p.origin(), p.restoredFrom(), p.createdAt(), p.updatedAt());
    }
}
