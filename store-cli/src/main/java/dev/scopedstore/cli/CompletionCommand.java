package dev.scopedstore.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code scoped-store completion}: prints the bash (and zsh) completion script, from picocli. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Prints the bash and zsh completion script: source <(scoped-store completion)",
            "To keep it: scoped-store completion > /etc/bash_completion.d/scoped-store"})
final class CompletionCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
        out.flush();
        return ScopedStoreCommand.OK;
    }
}
