package com.misybot.hub.privacy.pii;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import opennlp.tools.namefind.BioCodec;
import opennlp.tools.namefind.NameFinderME;
import opennlp.tools.namefind.NameSample;
import opennlp.tools.namefind.TokenNameFinderFactory;
import opennlp.tools.namefind.TokenNameFinderModel;
import opennlp.tools.util.ObjectStreamUtils;
import opennlp.tools.util.Span;
import opennlp.tools.util.TrainingParameters;
import opennlp.tools.util.ext.ExtensionLoader;

/**
 * Trains the OpenNLP name finder behind {@link NameFinderRecognizer} from labelled texts: each text is tokenized as
 * at run time and a token takes the type of the labelled span it overlaps. Used at build time (the model ships in
 * the jar, nothing is downloaded) and by the tests' cross-validation.
 */
public final class NameFinderTraining {

    /** The feature generator descriptor the model is trained (and later run) with. */
    public static final String FEATURES = "/pii/name-finder-features.xml";

    static {
        allowExtensions();
    }

    private NameFinderTraining() {
    }

    /** OpenNLP loads only allow-listed feature generator classes: the gazetteer's is ours. */
    static void allowExtensions() {
        ExtensionLoader.registerAllowedPackage(GazetteerFeatureGeneratorFactory.class.getPackageName());
    }

    public static TokenNameFinderModel train(List<LabelledText> texts, Set<String> types, int iterations) {
        List<NameSample> samples = new ArrayList<>();
        for (LabelledText text : texts) {
            samples.add(sample(text, types));
        }
        TrainingParameters params = TrainingParameters.defaultParams();
        // the averaged perceptron beat maxent by 0.2 in recall at the same precision (BENCHMARKS.md, PII detection)
        params.put(TrainingParameters.ALGORITHM_PARAM, System.getProperty("pii.algorithm", "PERCEPTRON"));
        params.put(TrainingParameters.ITERATIONS_PARAM, iterations);
        params.put(TrainingParameters.CUTOFF_PARAM, 1);
        params.put(opennlp.tools.ml.BeamSearch.BEAM_SIZE_PARAMETER, Integer.getInteger("pii.beam", 3));
        params.put(TrainingParameters.THREADS_PARAM, Math.max(1, Runtime.getRuntime().availableProcessors()));
        try {
            TokenNameFinderFactory factory = TokenNameFinderFactory.create(null, features(), Collections.emptyMap(),
                    new BioCodec());
            return NameFinderME.train("en", null, ObjectStreamUtils.createObjectStream(samples), params, factory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static NameSample sample(LabelledText text, Set<String> types) {
        List<PiiTokenizer.Token> tokens = PiiTokenizer.tokenize(text.text());
        List<Span> names = new ArrayList<>();
        for (LabelledText.Span span : text.spans()) {
            if (!types.contains(span.type())) {
                continue;
            }
            int first = -1;
            int last = -1;
            for (int i = 0; i < tokens.size(); i++) {
                PiiTokenizer.Token t = tokens.get(i);
                if (t.start() < span.end() && span.start() < t.end()) {
                    first = first < 0 ? i : first;
                    last = i;
                }
            }
            if (first >= 0) {
                names.add(new Span(first, last + 1, span.type()));
            }
        }
        // overlapping labels (rare in the corpus) keep the first; OpenNLP needs disjoint spans
        names.sort((a, b) -> a.getStart() != b.getStart() ? Integer.compare(a.getStart(), b.getStart())
                : Integer.compare(b.length(), a.length()));
        List<Span> disjoint = new ArrayList<>();
        for (Span s : names) {
            if (disjoint.isEmpty() || disjoint.get(disjoint.size() - 1).getEnd() <= s.getStart()) {
                disjoint.add(s);
            }
        }
        return new NameSample(PiiTokenizer.texts(tokens), disjoint.toArray(Span[]::new), true);
    }

    static byte[] features() {
        try (InputStream in = NameFinderTraining.class.getResourceAsStream(FEATURES)) {
            if (in == null) {
                throw new IllegalStateException("missing " + FEATURES);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
