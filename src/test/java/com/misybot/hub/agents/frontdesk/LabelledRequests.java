package com.misybot.hub.agents.frontdesk;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The labelled set {@code routing/labelled-requests.tsv} and the accuracy of a router over it. */
record LabelledRequests(List<Request> requests) {

    record Request(String text, String expected) {
    }

    /** Correct decisions and, per expected intent, how often each intent was decided. */
    record Result(int correct, int total, Map<String, Map<String, Integer>> confusion, List<String> misses) {

        double accuracy() {
            return (double) correct / total;
        }

        String report() {
            StringBuilder out = new StringBuilder(String.format("accuracy %d/%d = %.1f%%%n", correct, total,
                    100 * accuracy()));
            confusion.forEach((expected, got) -> out.append(String.format("  %-22s -> %s%n", expected, got)));
            misses.forEach(m -> out.append("  miss: ").append(m).append('\n'));
            return out.toString();
        }
    }

    static LabelledRequests load() {
        List<Request> requests = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                LabelledRequests.class.getResourceAsStream("/routing/labelled-requests.tsv"),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t");
                if (cols.length != 2) {
                    throw new IllegalStateException("labelled-requests.tsv: not text<TAB>intent: " + line);
                }
                requests.add(new Request(cols[0], cols[1].strip()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LabelledRequests(requests);
    }

    Result evaluate(IntentRouter router) {
        Map<String, Map<String, Integer>> confusion = new TreeMap<>();
        List<String> misses = new ArrayList<>();
        int correct = 0;
        for (Request request : requests) {
            IntentDecision decision = router.decide(request.text());
            confusion.computeIfAbsent(request.expected(), k -> new TreeMap<>()).merge(decision.intent(), 1,
                    Integer::sum);
            if (decision.intent().equals(request.expected())) {
                correct++;
            } else {
                misses.add(String.format("%s | expected %s, got %s (%s %.3f, runner-up %s %.3f)", request.text(),
                        request.expected(), decision.intent(), decision.reason(), decision.confidence(),
                        decision.runnerUp(), decision.runnerUpConfidence()));
            }
        }
        return new Result(correct, requests.size(), confusion, misses);
    }
}
