package dev.scopedstore.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * How a backend's tests find their server (docs/design.md, "Tests"): from an environment variable;
 * without one the test is skipped with a message saying how to run it, except under
 * {@code CI=true}, where a missing server is a failure, never a skip.
 */
public final class TestServers {
    private TestServers() {
    }

    /**
     * @param variable the environment variable, e.g. {@code SCOPEDSTORE_TEST_POSTGRES_URL}
     * @param howToRun what to set or start, for the message
     * @return the variable's value
     */
    public static String fromEnvironment(String variable, String howToRun) {
        String value = System.getenv(variable);
        if (value != null && !value.isBlank()) {
            return value;
        }
        return unavailable(variable + " is not set; " + howToRun);
    }

    /**
     * Skips the running test, or fails it under {@code CI=true}.
     *
     * @param message what is missing and how to provide it
     * @param <T> whatever the caller would have returned
     * @return never returns normally
     */
    public static <T> T unavailable(String message) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + " (CI=true: a missing server is a failure, not a skip)");
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }
}
