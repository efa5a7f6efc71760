package com.misybot.hub.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.misybot.hub.privacy.pii.LabelledText;
import com.misybot.hub.privacy.pii.NameFinderRecognizer;
import com.misybot.hub.privacy.pii.PatternRecognizers;
import com.misybot.hub.privacy.pii.PiiAnalyzer;
import com.misybot.hub.privacy.pii.PiiCorpus;
import com.misybot.hub.privacy.pii.PiiCrossValidation;
import com.misybot.hub.privacy.pii.PiiEvaluation;
import com.misybot.hub.privacy.pii.PiiTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * PII detection benchmark (bench/pii.sh): quality on the development corpus (5-fold cross-validation by sentence and
 * by sentence template, and the shipped model on the corpus it was trained on), throughput of the shipped analyzer
 * in texts per second with 1 and 2 threads, and the latency of one 500-character message.
 * Arguments: corpus, folds, perceptron iterations, seconds per throughput run, output directory.
 */
public final class PiiBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PiiBench() {
    }

    public static void main(String[] args) throws Exception {
        List<LabelledText> corpus = PiiCorpus.read(Path.of(args[0]));
        int folds = Integer.parseInt(args[1]);
        int iterations = Integer.parseInt(args[2]);
        double seconds = Double.parseDouble(args[3]);
        Path out = Path.of(args[4]);
        Files.createDirectories(out);
        ObjectNode result = JSON.createObjectNode().put("texts", corpus.size()).put("folds", folds)
                .put("iterations", iterations);
        for (String mode : new String[] {"sentence", "template"}) {
            long t0 = System.nanoTime();
            PiiEvaluation.Result r = PiiCrossValidation.run(corpus, folds, 0.4, iterations, "template".equals(mode));
            System.out.printf("(quality) %d-fold cross-validation by %s (%.0f s):%n%s", folds, mode,
                    (System.nanoTime() - t0) / 1e9, indent(r.report()));
            result.set("cv-" + mode, json(r));
        }
        PiiAnalyzer shipped = new PiiAnalyzer(new PatternRecognizers(), new NameFinderRecognizer(
                NameFinderRecognizer.load(NameFinderRecognizer.MODEL), NameFinderRecognizer.REPORTED), 0.4);
        PiiEvaluation.Result trained = PiiEvaluation.evaluate(corpus, shipped::analyze, Set.copyOf(PiiTypes.ALL));
        System.out.printf("(quality) the shipped model on the corpus it was trained on:%n%s", indent(trained.report()));
        result.set("shipped-on-training-data", json(trained));

        List<String> texts = corpus.stream().map(LabelledText::text).toList();
        double chars = texts.stream().mapToInt(String::length).average().orElse(0);
        result.put("meanChars", chars);
        throughput(shipped, texts, 1, seconds / 2); // warm-up
        for (int threads : new int[] {1, 2}) {
            double perSecond = throughput(shipped, texts, threads, seconds);
            System.out.printf("(throughput) %d thread(s): %.0f texts/s (mean %.0f characters)%n", threads, perSecond,
                    chars);
            result.put("textsPerSecond" + threads, perSecond);
        }
        String message = message(texts, 500);
        double[] latencies = new double[(int) Math.max(100, Math.min(2000, seconds * 200))];
        for (int i = 0; i < latencies.length; i++) {
            long t = System.nanoTime();
            shipped.analyze(message);
            latencies[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(latencies);
        result.put("message500P50Ms", latencies[latencies.length / 2]).put("message500P99Ms",
                latencies[latencies.length * 99 / 100]).put("message500Entities", shipped.analyze(message).size());
        System.out.printf("(latency) one %d-character message: p50 %.3f ms, p99 %.3f ms%n", message.length(),
                latencies[latencies.length / 2], latencies[latencies.length * 99 / 100]);
        JSON.writerWithDefaultPrettyPrinter().writeValue(out.resolve("pii.json").toFile(), result);
        System.out.println("(done) wrote " + out.resolve("pii.json"));
    }

    private static String indent(String report) {
        return report.lines().map(l -> "(quality)   " + l).reduce("", (a, b) -> a + b + "\n");
    }

    private static ObjectNode json(PiiEvaluation.Result r) {
        ObjectNode node = JSON.createObjectNode().put("precision", r.precision()).put("spanRecall", r.spanRecall())
                .put("charRecall", r.charRecall());
        ObjectNode types = node.putObject("byType");
        r.byType().forEach((type, c) -> types.putObject(type).put("labelled", c.labelled())
                .put("predicted", c.predicted()).put("precision", c.precision()).put("recall", c.recall())
                .put("f2", c.f2()));
        return node;
    }

    /** Corpus sentences joined until about {@code length} characters: a chat message with several PII values. */
    private static String message(List<String> texts, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; b.length() < length; i += 7) {
            b.append(texts.get(i % texts.size())).append(' ');
        }
        return b.substring(0, length);
    }

    private static double throughput(PiiAnalyzer analyzer, List<String> texts, int threads, double seconds)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger done = new AtomicInteger();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long t0 = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            workers.add(pool.submit(() -> {
                for (int i = offset; System.nanoTime() < end; i += threads) {
                    analyzer.analyze(texts.get(i % texts.size()));
                    done.incrementAndGet();
                }
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        pool.shutdown();
        return done.get() / ((System.nanoTime() - t0) / 1e9);
    }
}
