package com.misybot.hub.memory;

import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;

/** 404 for a session that does not exist or that the caller may not see (the two are indistinguishable on purpose). */
public class SessionNotFoundException extends ProblemException {

    public static final String DETAIL = "No such session for this caller.";

    public SessionNotFoundException(String detail) {
        super(ProblemType.NOT_FOUND, detail);
    }
}
