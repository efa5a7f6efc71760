package com.misybot.hub.privacy.pii;

/** One detected PII span: Presidio's entity type, character offsets into the text (end exclusive) and a score. */
public record PiiEntity(String type, int start, int end, double score) {

    public PiiEntity {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
    }

    public int length() {
        return end - start;
    }

    public boolean overlaps(PiiEntity other) {
        return start < other.end && other.start < end;
    }
}
