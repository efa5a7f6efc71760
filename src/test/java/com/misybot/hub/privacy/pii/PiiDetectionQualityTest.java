package com.misybot.hub.privacy.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's targets on the development corpus, measured honestly: 5-fold cross-validation, the name finder of each
 * fold trained on the other four, so no sentence is scored by a model that saw it. Targets: character recall
 * ≥ 0.95, span recall ≥ 0.90 for every type, precision ≥ 0.85. (bench/pii.sh also reports folds by sentence
 * template, which the model never saw: lower, see BENCHMARKS.md.)
 */
class PiiDetectionQualityTest {

    static final Path CORPUS = corpus();

    static Path corpus() {
        for (String candidate : new String[] {System.getProperty("hub.pii.corpus", ""),
                "../shared/data/pii/generated_large.json", PiiModelBuilder.DEV_MACHINE_CORPUS.toString()}) {
            if (!candidate.isEmpty() && Files.isRegularFile(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        return null;
    }

    @Test
    void should_meet_the_recall_and_precision_targets_in_cross_validation() {
        assertThat(CORPUS).as("The PII development corpus (presidio-research generated_large.json) is missing: put it at "
                + "../shared/data/pii/generated_large.json or pass -Dhub.pii.corpus=<file>").isNotNull();
        List<LabelledText> corpus = PiiCorpus.read(CORPUS);

        PiiEvaluation.Result result = PiiCrossValidation.run(corpus, 5, 0.4, 300, false);

        System.out.print(result.report());
        assertThat(result.charRecall()).as(result.report()).isGreaterThanOrEqualTo(0.95);
        assertThat(result.precision()).as(result.report()).isGreaterThanOrEqualTo(0.85);
        result.byType().forEach((type, counts) -> {
            if (counts.labelled() > 0) {
                assertThat(counts.recall()).as(type + "\n" + result.report()).isGreaterThanOrEqualTo(0.90);
            }
        });
        assertThat(result.byType().keySet()).containsAll(PiiTypes.ALL);
    }
}
