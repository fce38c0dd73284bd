package dev.scopedstore.cli;

/**
 * A failure the tool itself detects (a missing state, a refused drop, a bad file): reported as
 * its message on one line of stderr, with its exit code and never a stack trace.
 */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    /**
     * @param exitCode one of {@link ScopedStoreCommand}'s exit codes
     * @param message what went wrong, naming the input at fault
     */
    CliException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    static CliException notFound(String message) {
        return new CliException(ScopedStoreCommand.NOT_FOUND, message);
    }

    /**
     * The state the user named is absent. The message echoes the canonical scope the user
     * typed (the store's own messages leave client ids out).
     */
    static CliException noState(dev.scopedstore.StateId id) {
        return notFound("no state scope=" + id.scope().canonical() + " key=" + id.key());
    }

    static CliException usage(String message) {
        return new CliException(ScopedStoreCommand.USAGE, message);
    }

    int exitCode() {
        return exitCode;
    }
}
