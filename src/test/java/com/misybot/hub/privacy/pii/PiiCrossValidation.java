package com.misybot.hub.privacy.pii;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import opennlp.tools.namefind.TokenNameFinderModel;

/**
 * Grouped k-fold cross-validation of the detector on a labelled corpus: the name finder is trained on the texts of
 * k-1 folds and scored on the held-out fold, whose sentence templates it never saw (folds split by template id).
 */
public final class PiiCrossValidation {


    private PiiCrossValidation() {
    }

    /** {@code byTemplate}: folds by sentence template (unseen templates), else by sentence (same templates). */
    public static PiiEvaluation.Result run(List<LabelledText> corpus, int folds, double threshold, int iterations,
                                           boolean byTemplate) {
        Map<String, List<PiiEntity>> predictions = new IdentityHashMap<>();
        PatternRecognizers patterns = new PatternRecognizers();
        for (int fold = 0; fold < folds; fold++) {
            List<LabelledText> train = new ArrayList<>();
            List<LabelledText> test = new ArrayList<>();
            for (int i = 0; i < corpus.size(); i++) {
                LabelledText t = corpus.get(i);
                int key = byTemplate ? t.group() * 31 + 7 : i;
                (Math.floorMod(key, folds) == fold ? test : train).add(t);
            }
            TokenNameFinderModel model = NameFinderTraining.train(train, NameFinderRecognizer.MODEL_TYPES, iterations);
            PiiAnalyzer analyzer = new PiiAnalyzer(patterns, new NameFinderRecognizer(model, NameFinderRecognizer.REPORTED), threshold);
            for (LabelledText t : test) {
                predictions.put(t.text(), analyzer.analyze(t.text()));
            }
        }
        return PiiEvaluation.evaluate(corpus, predictions::get, Set.copyOf(PiiTypes.ALL));
    }

    public static void main(String[] args) {
        List<LabelledText> corpus = PiiCorpus.read(Path.of(args.length > 0 ? args[0]
                : "../shared/data/pii/generated_large.json"));
        int folds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        double threshold = args.length > 2 ? Double.parseDouble(args[2]) : 0.4;
        int iterations = args.length > 3 ? Integer.parseInt(args[3]) : 300;
        long t0 = System.nanoTime();
        PiiEvaluation.Result r = run(corpus, folds, threshold, iterations,
                "template".equals(System.getProperty("pii.folds")));
        System.out.print(r.report());
        System.out.printf("%.1f s%n", (System.nanoTime() - t0) / 1e9);
        if (System.getenv("PII_MISSES") != null) {
            r.misses().stream().filter(m -> m.contains(System.getenv("PII_MISSES"))).limit(60)
                    .forEach(System.out::println);
        }
    }
}
