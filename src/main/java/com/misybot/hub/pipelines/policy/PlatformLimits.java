package com.misybot.hub.pipelines.policy;

/** What a platform accepts in a post's text (config/platforms.yaml); null = no limit known. */
public record PlatformLimits(String platform, Integer maxCaptionChars, Integer maxHashtags) {
}
