package com.misybot.hub.agents.scheduler;

import java.time.Instant;
import java.util.UUID;

/** One post on the calendar: a run's artifact going out on one platform of one account at publishAt. */
public record CalendarEntry(UUID id, UUID runId, String ownerId, String platform, Instant publishAt,
                            Instant slotStart, UUID artifactId, String status) {

    public static final String SCHEDULED = "SCHEDULED";
    public static final String PUBLISHED = "PUBLISHED";
    public static final String CANCELLED = "CANCELLED";
}
