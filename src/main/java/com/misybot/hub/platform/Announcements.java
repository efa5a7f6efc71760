package com.misybot.hub.platform;

import java.util.Map;

/**
 * The operators' alert channels (console, webhook, Slack, e-mail) as lower layers see them: a notice with
 * {@code severity}, {@code title}, {@code detail} and {@code key} is sent everywhere configured.
 */
public interface Announcements {

    /** Sends {@code notice}; returns each channel's result ("ok" or why not). */
    Map<String, String> announce(Map<String, Object> notice);

    /** Whether any channel beyond the live console is configured. */
    boolean external();
}
