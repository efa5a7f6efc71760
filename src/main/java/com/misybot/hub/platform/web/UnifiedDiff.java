package com.misybot.hub.platform.web;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.util.List;

/** Unified diffs (java-diff-utils) of versioned texts: operator YAML units, policies, content pieces. */
public final class UnifiedDiff {

    private UnifiedDiff() {
    }

    /** The diff from {@code before} (null: nothing, named /dev/null) to {@code after}, "" when they are the same. */
    public static String of(String beforeName, String before, String afterName, String after) {
        List<String> original = before == null ? List.of() : lines(before);
        List<String> revised = lines(after);
        List<String> unified = UnifiedDiffUtils.generateUnifiedDiff(before == null ? "/dev/null" : beforeName,
                afterName, original, DiffUtils.diff(original, revised), 3);
        return unified.isEmpty() ? "" : String.join("\n", unified) + "\n";
    }

    private static List<String> lines(String text) {
        return List.of(text.split("\n", -1));
    }
}
