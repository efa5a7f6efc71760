package com.misybot.hub.agents.scheduler;

import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import java.time.Instant;

/** The account already has a post on this platform in this slot; nothing of the request was scheduled (409). */
public class CalendarConflictException extends ProblemException {

    private final String platform;
    private final transient Instant slotStart;

    public CalendarConflictException(String ownerId, String platform, Instant slotStart) {
        super(ProblemType.CALENDAR_CONFLICT, "Account " + ownerId + " already has a post on " + platform
                + " in the slot starting " + slotStart + "; nothing was scheduled.");
        this.platform = platform;
        this.slotStart = slotStart;
    }

    public String platform() {
        return platform;
    }

    public Instant slotStart() {
        return slotStart;
    }
}
