package com.misybot.hub.bus;

/** What the broker holds for an agent's queue, whatever the transport. */
public interface QueueDepths {

    /**
     * Messages waiting ({@code ready}), delivered but not yet acknowledged, and consumers attached (every replica's);
     * a figure the transport cannot give is null, and {@code source} says where the others come from.
     */
    record QueueDepth(Long ready, Long unacknowledged, Integer consumers, String source) {
    }

    QueueDepth depth(String agent);
}
