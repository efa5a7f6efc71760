package com.misybot.hub.agents.editor;

import com.misybot.hub.agents.AgentBehaviour;
import com.misybot.hub.agents.AgentReplies;
import com.misybot.hub.agents.AgentReply;
import com.misybot.hub.agents.AgentTask;
import com.misybot.hub.ai.LlmPort;
import com.misybot.hub.ai.LlmResponse;
import com.misybot.hub.bus.Envelope;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.Sentences;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * content-editor: an editing request of a session ("shorten this", "make it more formal") applied by the LLM port
 * to the owner's most recently changed content piece of the session, stored as a new version (origin agent, the
 * request kept as its instruction) and answered with the new text. The edit is made from the version read: a piece
 * changed meanwhile is not overwritten (the reply says so). Prompt, schema and model parameters come from the
 * agent's YAML (routes/agents/content-editor.camel.yaml, kamelet content-edit-action).
 */
@Component("contentEditor")
public class ContentEditor {

    public static final String AGENT = "content-editor";
    static final String AUTHOR = "agent:" + AGENT;
    static final String NO_PIECE = "There is no content piece in this session to edit yet. Create one with "
            + "POST /api/v1/contents {\"title\", \"text\", \"sessionId\"} and ask again.";

    private static final Pattern SHORTEN = Pattern.compile("\\b(short|shorter|shorten|concise|trim|cut|brief|"
            + "tighten|summari[sz]e|condense)\\w*", Pattern.CASE_INSENSITIVE);
    private static final Pattern FORMAL = Pattern.compile("\\b(formal|professional|polite|serious)\\w*",
            Pattern.CASE_INSENSITIVE);
    private static final Map<String, String> CONTRACTIONS = contractions();

    /** The agent's piece was changed by someone else while the model edited it. */
    private static final class Stale extends RuntimeException {
        private final int version;

        Stale(int version) {
            super(null, null, false, false);
            this.version = version;
        }
    }

    private final ContentStore store;
    private final LlmPort llm;

    public ContentEditor(ContentStore store, LlmPort llm) {
        this.store = store;
        this.llm = llm;
    }

    public AgentReply edit(Envelope envelope, AgentBehaviour behaviour) {
        AgentTask task = AgentTask.of(envelope);
        Optional<ContentStore.Piece> found = store.latestOfSession(task.sessionId(), task.ownerId());
        if (found.isEmpty()) {
            return AgentReply.of(task, AGENT, NO_PIECE);
        }
        ContentStore.Piece piece = found.get();
        LlmResponse response;
        try {
            response = llm.complete(behaviour.request(AGENT, variables(task.text(), piece), task));
        } catch (ProblemException e) {
            if (behaviour.failsOnError()) {
                throw e;
            }
            return AgentReplies.failed(task, AGENT, e);
        }
        String title = response.json().path("title").asText(piece.title()).strip();
        String text = response.json().path("text").asText().strip();
        if (text.isEmpty()) {
            text = piece.text();
        }
        String newTitle = title.isEmpty() ? piece.title() : title;
        String newText = text;
        try {
            ContentStore.Piece saved = store.change(piece.id(), locked -> {
                if (locked.version() != piece.version()) {
                    throw new Stale(locked.version());
                }
                if (newTitle.equals(piece.title()) && newText.equals(piece.text())) {
                    return null;
                }
                return new ContentStore.Change(newTitle, newText, AUTHOR, "agent", null, task.text());
            }).orElseThrow();
            if (saved.version() == piece.version()) {
                return AgentReply.of(task, AGENT, ("\"" + piece.title() + "\" stays as it is (version "
                        + piece.version() + "): the edit changed nothing. " + response.json().path("note").asText(""))
                        .strip());
            }
            return AgentReply.of(task, AGENT, "Version " + saved.version() + " of \"" + saved.title() + "\" ("
                    + task.text().strip() + "):\n\n" + saved.text());
        } catch (Stale e) {
            return AgentReply.of(task, AGENT, "\"" + piece.title() + "\" changed while I was editing it (it is at "
                    + "version " + e.version + " now); nothing was overwritten. Ask again to edit the new version.");
        }
    }

    private static Map<String, Object> variables(String instruction, ContentStore.Piece piece) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("instruction", instruction);
        v.put("title", piece.title());
        v.put("text", piece.text());
        v.put("version", piece.version());
        // offline: a deterministic edit (shorter, or more formal); any other request leaves the text as it is
        Offline offline = offline(instruction, piece.text());
        v.put("edited", offline.text());
        v.put("note", offline.note());
        return v;
    }

    /** What the offline provider answers: the edited text and what it did. */
    record Offline(String text, String note) {
    }

    static Offline offline(String instruction, String text) {
        String edited = text;
        List<String> done = new ArrayList<>();
        if (FORMAL.matcher(instruction).find()) {
            edited = formal(edited);
            done.add("more formal");
        }
        if (SHORTEN.matcher(instruction).find()) {
            edited = shorter(edited);
            done.add("shorter");
        }
        return new Offline(edited, done.isEmpty() ? "The offline model only shortens and formalizes texts."
                : "Made " + String.join(" and ", done) + ".");
    }

    /** The first half of the sentences (at least one); a single sentence keeps its first 60 % of words. */
    static String shorter(String text) {
        List<String> sentences = Sentences.of(text);
        if (sentences.size() > 1) {
            return String.join(" ", sentences.subList(0, (sentences.size() + 1) / 2));
        }
        String[] words = text.strip().split("\\s+");
        if (words.length <= 6) {
            return text.strip();
        }
        int keep = (int) Math.ceil(words.length * 0.6);
        String cut = String.join(" ", java.util.Arrays.copyOf(words, keep)).replaceAll("[,;:]+$", "");
        return cut.matches(".*[.!?]$") ? cut : cut + ".";
    }

    /** Contractions spelt out, exclamation marks calmed. */
    static String formal(String text) {
        String out = text;
        for (Map.Entry<String, String> c : CONTRACTIONS.entrySet()) {
            out = Pattern.compile("\\b" + Pattern.quote(c.getKey()) + "\\b", Pattern.CASE_INSENSITIVE)
                    .matcher(out).replaceAll(m -> Character.isUpperCase(m.group().charAt(0))
                            ? Character.toUpperCase(c.getValue().charAt(0)) + c.getValue().substring(1)
                            : c.getValue());
        }
        return out.replaceAll("!+", ".");
    }

    private static Map<String, String> contractions() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("won't", "will not");
        c.put("can't", "cannot");
        c.put("don't", "do not");
        c.put("doesn't", "does not");
        c.put("isn't", "is not");
        c.put("aren't", "are not");
        c.put("it's", "it is");
        c.put("that's", "that is");
        c.put("we're", "we are");
        c.put("you're", "you are");
        c.put("they're", "they are");
        c.put("we've", "we have");
        c.put("you'll", "you will");
        c.put("we'll", "we will");
        c.put("let's", "let us");
        c.put("gonna", "going to");
        return c;
    }
}
