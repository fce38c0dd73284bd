package dev.scopedstore.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import picocli.CommandLine;

/** Runs the tool in-process, as {@code main} does, with stdout and stderr captured. */
final class Cli {
    private Cli() {
    }

    /** What one run printed and returned. */
    record Run(int exitCode, String out, String err) {
        List<String> outLines() {
            return out.lines().collect(Collectors.toList());
        }

        List<String> errLines() {
            return err.lines().collect(Collectors.toList());
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** A terminal that answers every prompt with one line, and remembers the prompts. */
    static final class FakeTerminal implements Terminal {
        private final String answer;
        final StringBuilder prompts = new StringBuilder();

        FakeTerminal(String answer) {
            this.answer = answer;
        }

        @Override
        public String readLine(String prompt) {
            prompts.append(prompt);
            return answer;
        }
    }

    static Run run(String... args) {
        return run(cli -> { }, args);
    }

    static Run run(Consumer<CommandLine> setup, String... args) {
        return run(setup, new StringWriter(), new StringWriter(), args);
    }

    /** Runs with the given writers, which another thread may read while the tool runs. */
    static Run run(Consumer<CommandLine> setup, StringWriter out, StringWriter err, String... args) {
        CommandLine cli = ScopedStoreCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        ((ScopedStoreCommand) cli.getCommand()).environment(name -> null);
        setup.accept(cli);
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Runs as if on a terminal. */
    static Run onTerminal(Terminal terminal, String... args) {
        return run(cli -> ((ScopedStoreCommand) cli.getCommand()).terminal(terminal), args);
    }

    /** @return a {@code memory:} URL persisted to a file in {@code dir} */
    static String fileUrl(Path dir, String name) {
        return "memory:" + dir.resolve(name + ".jsonl").toString().replace('\\', '/');
    }

    /** @return args with {@code --url url} in front */
    static String[] on(String url, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--url";
        all[1] = url;
        System.arraycopy(args, 0, all, 2, args.length);
        return all;
    }
}
