package com.misybot.hub.privacy.pii;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import opennlp.tools.namefind.TokenNameFinderModel;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Build step (exec-maven-plugin, phase process-classes): writes {@code pii/gazetteer.tsv} from the locale files of
 * Datafaker (a build-time dependency) and trains the name finder {@code pii/name-finder-en.bin} on the labelled
 * corpus given. Without a corpus the model is not written and the hub detects PERSON and STREET_ADDRESS with
 * nothing but says so at start. Arguments: output directory, corpus file, training iterations.
 */
public final class PiiModelBuilder {

    /** Where the development corpus lies on the project's development machines, when -Dhub.pii.corpus is not it. */
    static final Path DEV_MACHINE_CORPUS = Path.of("/work/shared/data/pii/generated_large.json");

    private PiiModelBuilder() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path corpus = args.length > 1 && Files.isRegularFile(Path.of(args[1])) ? Path.of(args[1]) : DEV_MACHINE_CORPUS;
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        Files.createDirectories(out.resolve("pii"));
        Map<String, Set<String>> gazetteer = gazetteer();
        writeGazetteer(gazetteer, out.resolve("pii/gazetteer.tsv"));
        PiiGazetteer.install(gazetteer);
        System.out.printf("[pii] gazetteer: %s%n", counts(gazetteer));
        Path model = out.resolve("pii/name-finder-en.bin");
        if (corpus == null || !Files.isRegularFile(corpus)) {
            System.out.printf("[pii] WARNING: no labelled corpus at %s: the name finder is not trained%n", corpus);
            Files.deleteIfExists(model);
            return;
        }
        if (Files.isRegularFile(model) && Files.getLastModifiedTime(model).compareTo(
                Files.getLastModifiedTime(corpus)) > 0 && Files.size(model) > 0 && upToDate(model)) {
            System.out.printf("[pii] name finder up to date: %s%n", model);
            return;
        }
        long t0 = System.nanoTime();
        List<LabelledText> texts = PiiCorpus.read(corpus);
        TokenNameFinderModel trained = NameFinderTraining.train(texts, NameFinderRecognizer.MODEL_TYPES, iterations);
        try (OutputStream o = Files.newOutputStream(model)) {
            trained.serialize(o);
        }
        System.out.printf("[pii] name finder trained on %d texts of %s in %.1f s: %s%n", texts.size(), corpus,
                (System.nanoTime() - t0) / 1e9, model);
    }

    /** The model was trained with the current feature descriptor (a changed descriptor retrains). */
    private static boolean upToDate(Path model) throws IOException {
        Path descriptor = Path.of("src/main/resources").resolve(NameFinderTraining.FEATURES.substring(1));
        return !Files.exists(descriptor)
                || Files.getLastModifiedTime(model).compareTo(Files.getLastModifiedTime(descriptor)) > 0;
    }

    private static Map<String, Integer> counts(Map<String, Set<String>> gazetteer) {
        Map<String, Integer> counts = new TreeMap<>();
        gazetteer.forEach((k, v) -> counts.put(k, v.size()));
        return counts;
    }

    private static void writeGazetteer(Map<String, Set<String>> gazetteer, Path file) throws IOException {
        StringBuilder text = new StringBuilder();
        gazetteer.forEach((cls, words) -> words.forEach(w -> text.append(cls).append('\t').append(w).append('\n')));
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Word classes from every locale file of the Datafaker jar. */
    static Map<String, Set<String>> gazetteer() throws IOException, ClassNotFoundException, URISyntaxException {
        Path jar = Path.of(Class.forName("net.datafaker.Faker").getProtectionDomain().getCodeSource().getLocation()
                .toURI());
        Map<String, Set<String>> classes = new TreeMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (!entry.getName().endsWith(".yml") || entry.getName().contains("/") && !entry.getName()
                        .matches("[a-zA-Z_-]+/(name|address)\\.yml")) {
                    continue;
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    LoaderOptions options = new LoaderOptions();
                    options.setCodePointLimit(64 * 1024 * 1024);
                    Object root = new Yaml(options).load(in);
                    walk(root, "", classes);
                }
            }
        }
        return classes;
    }

    private static void walk(Object node, String path, Map<String, Set<String>> classes) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, classes));
        } else if (node instanceof List<?> list) {
            String cls = classOf(path);
            for (Object item : list) {
                if (item instanceof String s && cls != null) {
                    add(classes, cls, s);
                } else {
                    walk(item, path, classes);
                }
            }
        } else if (node instanceof String s) {
            String cls = classOf(path);
            if (cls != null) {
                add(classes, cls, s);
            }
        }
    }

    /** Which list a Datafaker key feeds. */
    private static String classOf(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        if (p.contains(".name.") || p.endsWith(".name")) {
            if (p.contains("first_name") || p.contains("given_name")) {
                return "first";
            }
            if (p.contains("last_name") || p.contains("surname") || p.contains("family_name")) {
                return "last";
            }
            if (p.endsWith(".prefix") || p.endsWith("_prefix")) {
                return "honorific";
            }
            return null;
        }
        if (p.contains(".address.")) {
            if (p.contains("street_suffix") || p.contains("street_prefix") || p.contains("street_title")
                    || p.contains("street_root")) {
                return "street";
            }
            if (p.contains("secondary_address") || p.contains("building")) {
                return "unit";
            }
            if (p.contains("country") || p.contains("state") || p.contains("city") || p.contains("province")
                    || p.contains("region") || p.contains("county")) {
                return "place";
            }
        }
        return null;
    }

    private static void add(Map<String, Set<String>> classes, String cls, String value) {
        if (value.indexOf('#') >= 0 || value.indexOf('{') >= 0 || value.indexOf('?') >= 0) {
            return;
        }
        for (PiiTokenizer.Token t : PiiTokenizer.tokenize(value)) {
            String w = t.text().toLowerCase(Locale.ROOT);
            if (w.length() > 1 && Character.isLetter(w.codePointAt(0))) {
                classes.computeIfAbsent(cls, k -> new TreeSet<>()).add(w);
            }
        }
    }
}
