package dev.scopedstore.cli;

import dev.scopedstore.BackendUnavailableException;
import dev.scopedstore.MissingScopeContextException;
import dev.scopedstore.StateConflictException;
import dev.scopedstore.StoreConfigurationException;
import dev.scopedstore.StoreException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How the tool reports failures: one line on stderr, {@code scoped-store: <what>}, and the exit
 * code for the kind of failure; the stack trace only with {@code --verbose}.
 */
final class Errors {
    private Errors() {
    }

    /** Maps an exception from a subcommand to one line on stderr and an exit code. */
    static int handle(Exception ex, CommandLine cli, ParseResult parsed) {
        CommandSpec rootSpec = cli.getCommandSpec().root();
        ScopedStoreCommand root = (ScopedStoreCommand) rootSpec.userObject();
        int code = ScopedStoreCommand.FAILED;
        String line = ex.getMessage();
        boolean unexpected = false;
        if (ex instanceof CliException) {
            code = ((CliException) ex).exitCode();
        } else if (ex instanceof StoreConfigurationException) {
            code = ScopedStoreCommand.USAGE;
            line = "cannot open the store: " + line;
        } else if (ex instanceof BackendUnavailableException) {
            code = ScopedStoreCommand.UNAVAILABLE;
            line = "backend unavailable: " + line;
        } else if (ex instanceof StateConflictException) {
            code = ScopedStoreCommand.CONFLICT;
            line = "conflict: " + line;
        } else if (ex instanceof IllegalArgumentException || ex instanceof MissingScopeContextException) {
            code = ScopedStoreCommand.USAGE;
        } else if (ex instanceof ArithmeticException) {
            line = "refused: " + line;
        } else if (!(ex instanceof StoreException)) {
            unexpected = true;
            line = "unexpected " + ex;
        }
        PrintWriter err = rootSpec.commandLine().getErr();
        err.println(rootSpec.name() + ": " + ScopedStoreCommand.oneLine(line)
                + (unexpected && !root.verbose() ? " (--verbose shows the stack trace)" : ""));
        if (root.verbose()) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /** A bad command line: one line naming the problem and where help is, not the whole usage. */
    static int handleUsage(ParameterException ex, String[] args) {
        CommandLine cli = ex.getCommandLine();
        CommandSpec rootSpec = cli.getCommandSpec().root();
        PrintWriter err = rootSpec.commandLine().getErr();
        String suggestion = "";
        if (ex instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            suggestion = "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
        }
        err.println(rootSpec.name() + ": " + ScopedStoreCommand.oneLine(ex.getMessage()) + suggestion + " (see '"
                + cli.getCommandSpec().qualifiedName() + " --help')");
        if (((ScopedStoreCommand) rootSpec.userObject()).verbose()) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ScopedStoreCommand.USAGE;
    }
}
