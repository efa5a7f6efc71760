package com.misybot.hub.privacy.pii;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import opennlp.tools.namefind.NameFinderME;
import opennlp.tools.namefind.TokenNameFinderModel;
import opennlp.tools.util.Span;

/**
 * PERSON and STREET_ADDRESS (and the other types the model was trained with) from the OpenNLP name finder trained
 * at build time ({@link NameFinderTraining}); its span probability is the score. One finder per thread: OpenNLP's
 * are not thread-safe.
 */
public final class NameFinderRecognizer {

    /** Where the build puts the trained model. */
    public static final String MODEL = "/pii/name-finder-en.bin";
    /** Types the model learns: LOCATION and ORGANIZATION teach it what a PERSON or an address is not. */
    public static final Set<String> MODEL_TYPES = Set.of(PiiTypes.PERSON, PiiTypes.STREET_ADDRESS, "LOCATION",
            "ORGANIZATION");
    /**
     * The score of a span the model finds. The perceptron's sequence scores are not probabilities; its spans were
     * right 0.93 to 0.97 of the time in cross-validation (BENCHMARKS.md), which this fixed likelihood states.
     */
    static final double SCORE = 0.85;
    /** Types it reports. */
    public static final Map<String, String> REPORTED = Map.of(PiiTypes.PERSON, PiiTypes.PERSON,
            PiiTypes.STREET_ADDRESS, PiiTypes.STREET_ADDRESS);

    private final TokenNameFinderModel model;
    private final Map<String, String> reported;
    private final ThreadLocal<NameFinderME> finders;

    /** {@code reported}: model type → entity type answered (types not in it are not reported). */
    public NameFinderRecognizer(TokenNameFinderModel model, Map<String, String> reported) {
        this.model = model;
        this.reported = Map.copyOf(reported);
        this.finders = ThreadLocal.withInitial(() -> new NameFinderME(this.model));
    }

    public static TokenNameFinderModel load(String resource) {
        NameFinderTraining.allowExtensions();
        try (InputStream in = NameFinderRecognizer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The PII name finder model " + resource + " is not on the classpath:"
                        + " it is trained by the build (./mvnw package)");
            }
            return new TokenNameFinderModel(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<PiiEntity> analyze(List<PiiTokenizer.Token> tokens) {
        if (tokens.isEmpty()) {
            return List.of();
        }
        NameFinderME finder = finders.get();
        Span[] spans = finder.find(PiiTokenizer.texts(tokens));
        finder.clearAdaptiveData();
        List<PiiEntity> out = new ArrayList<>();
        for (int i = 0; i < spans.length; i++) {
            String type = reported.get(spans[i].getType());
            if (type == null) {
                continue;
            }
            int first = spans[i].getStart();
            int last = spans[i].getEnd() - 1;
            // a span never starts or ends on a line break or punctuation the model swallowed
            while (first < last && !wordLike(tokens.get(first).text())) {
                first++;
            }
            while (last > first && !wordLike(tokens.get(last).text())) {
                last--;
            }
            if (!wordLike(tokens.get(first).text())) {
                continue;
            }
            out.add(new PiiEntity(type, tokens.get(first).start(), tokens.get(last).end(), SCORE));
        }
        return out;
    }

    private static boolean wordLike(String token) {
        return Character.isLetterOrDigit(token.codePointAt(0));
    }
}
