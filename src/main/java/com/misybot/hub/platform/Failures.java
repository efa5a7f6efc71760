package com.misybot.hub.platform;

/** What a failure was at its root, for the error texts stored with sagas and their steps. */
public final class Failures {

    private Failures() {
    }

    /** The innermost cause (Camel, HTTP and JDBC wrappers peeled off). */
    public static Throwable root(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** The root cause's message, or its type when it has none; "unknown failure" for null. */
    public static String message(Throwable failure) {
        if (failure == null) {
            return "unknown failure";
        }
        Throwable root = root(failure);
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    /** {@code Type: message} of the root cause. */
    public static String describe(Throwable failure) {
        Throwable root = root(failure);
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
