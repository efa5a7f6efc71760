package com.misybot.hub.privacy.pii;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Presidio's context enhancement: a word that goes with an entity type within the few words before a candidate
 * (or right after it) raises its score by {@link #BOOST}, to at least {@link #MINIMUM}.
 */
public final class ContextWords {

    static final double BOOST = 0.35;
    static final double MINIMUM = 0.4;
    private static final int BEFORE = 5;
    private static final int AFTER = 2;

    private static final Map<String, Set<String>> WORDS = Map.of(
            PiiTypes.PHONE_NUMBER, Set.of("phone", "telephone", "tel", "cell", "cellphone", "mobile", "call", "fax",
                    "number", "contact", "reach", "text", "whatsapp", "dial", "line", "ext", "extension", "office", "home",
                    "work", "answering", "phoned", "calling"),
            PiiTypes.US_SSN, Set.of("ssn", "ssns", "social", "security", "ss", "taxpayer", "tin", "itin"),
            PiiTypes.CREDIT_CARD, Set.of("card", "credit", "debit", "visa", "mastercard", "amex", "discover", "cc",
                    "payment", "pay", "charge"),
            PiiTypes.IBAN_CODE, Set.of("iban", "bank", "account", "transfer", "wire", "sepa"),
            PiiTypes.IP_ADDRESS, Set.of("ip", "ipv4", "ipv6", "address", "server", "host", "network", "router",
                    "connect", "connected", "login"),
            PiiTypes.EMAIL_ADDRESS, Set.of("email", "e-mail", "mail", "contact", "write"));

    /** Words that say a number is something else (Google DLP's exclusion rules): the candidate drops out. */
    private static final Map<String, Set<String>> EXCLUDING = Map.of(
            PiiTypes.PHONE_NUMBER, Set.of("license", "licence", "passport", "zip", "postcode", "postal", "invoice",
                    "order", "tracking", "serial", "ssn", "social", "security"));
    static final double EXCLUDED = 0.0;

    private ContextWords() {
    }

    /** The candidate's score with its context taken into account. */
    public static double score(PiiEntity candidate, List<PiiTokenizer.Token> tokens) {
        Set<String> words = WORDS.get(candidate.type());
        Set<String> excluding = EXCLUDING.getOrDefault(candidate.type(), Set.of());
        if (words == null || candidate.score() >= 1.0) {
            return candidate.score();
        }
        int first = -1;
        int last = -1;
        for (int i = 0; i < tokens.size(); i++) {
            PiiTokenizer.Token t = tokens.get(i);
            if (t.start() < candidate.end() && candidate.start() < t.end()) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        if (first < 0) {
            return candidate.score();
        }
        for (int i = Math.max(0, first - BEFORE); i < first; i++) {
            if (excluding.contains(tokens.get(i).text().toLowerCase(Locale.ROOT))) {
                return EXCLUDED;
            }
        }
        for (int i = Math.max(0, first - BEFORE); i < Math.min(tokens.size(), last + 1 + AFTER); i++) {
            if ((i < first || i > last) && words.contains(tokens.get(i).text().toLowerCase(Locale.ROOT))) {
                return Math.min(1.0, Math.max(MINIMUM, candidate.score() + BOOST));
            }
        }
        return candidate.score();
    }
}
