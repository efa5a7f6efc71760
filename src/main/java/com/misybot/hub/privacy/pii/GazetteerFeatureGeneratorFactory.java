package com.misybot.hub.privacy.pii;

import java.util.List;
import opennlp.tools.util.featuregen.AdaptiveFeatureGenerator;
import opennlp.tools.util.featuregen.GeneratorFactory;

/** Feature generator {@code gz=<class>} for tokens found in {@link PiiGazetteer}'s lists (named in the XML). */
public class GazetteerFeatureGeneratorFactory extends GeneratorFactory.AbstractXmlFeatureGeneratorFactory {

    @Override
    public AdaptiveFeatureGenerator create() {
        return new AdaptiveFeatureGenerator() {
            @Override
            public void createFeatures(List<String> features, String[] tokens, int index, String[] previousOutcomes) {
                List<String> classes = PiiGazetteer.classes(tokens[index]);
                if (classes.isEmpty()) {
                    features.add("gz=none");
                }
                for (String c : classes) {
                    features.add("gz=" + c);
                }
            }
        };
    }
}
