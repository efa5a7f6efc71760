package com.misybot.hub.privacy.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into word, number, line-break and punctuation tokens with their character offsets: the name finder
 * works on tokens, the API answers in characters. A line break is a token of its own because postal addresses are
 * written over several lines.
 */
public final class PiiTokenizer {

    /** A token and where it lies in the text. */
    public record Token(String text, int start, int end) {
    }

    /** The token the model sees for a line break. */
    public static final String NEWLINE = "<NL>";

    private static final Pattern TOKEN = Pattern.compile(
            "(?<nl>\\R)|[\\p{L}\\p{M}][\\p{L}\\p{M}'’\\-]*|\\d+|[^\\s\\p{L}\\p{M}\\d]");

    private PiiTokenizer() {
    }

    public static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            tokens.add(new Token(m.group("nl") != null ? NEWLINE : m.group(), m.start(), m.end()));
        }
        return tokens;
    }

    public static String[] texts(List<Token> tokens) {
        return tokens.stream().map(Token::text).toArray(String[]::new);
    }
}
