package dev.scopedstore.cli;

import dev.scopedstore.Store;
import dev.scopedstore.spi.StateLines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code scoped-store export [FILE]}: every state (or those under {@code --scope}) as JSON
 * Lines, to a file or stdout. A file is written beside its target and moved over it at the
 * end, so a failed export never leaves half a file.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Writes states as JSON Lines (scope, key, value, version, labels, ttlMillis,"
                + " expiresAt), the format import reads.",
            "Progress and the count go to stderr."})
final class ExportCommand implements Callable<Integer> {
    @ParentCommand
    private ScopedStoreCommand root;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "Where to write (default, or -: stdout).")
    private Path file;

    @Option(names = "--scope", paramLabel = "SCOPE-PREFIX",
            description = "Only this canonical scope and the scopes nested under it.")
    private String prefix;

    @Override
    public Integer call() {
        Canonical.prefix(prefix);
        boolean toStdout = file == null || file.toString().equals("-");
        try (Store store = root.openStore()) {
            if (toStdout) {
                export(store, spec.commandLine().getOut(), false);
                return ScopedStoreCommand.OK;
            }
            Path target = file.toAbsolutePath();
            Path partial = target.resolveSibling(target.getFileName() + ".partial");
            try {
                try (Writer writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
                    export(store, writer, true);
                }
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw CliException.usage("cannot write " + file + ": " + e);
        }
        return ScopedStoreCommand.OK;
    }

    private void export(Store store, Writer writer, boolean bar) throws IOException {
        long total = bar && root.showsBar() ? StateStream.count(store, prefix) : -1;
        Progress progress = root.progress(spec, bar, "exported", "states", total);
        try {
            StateStream.forEach(store, prefix, state -> {
                try {
                    writer.write(Json.write(StateLines.toJson(state)));
                    writer.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                progress.advance(1);
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        writer.flush();
        progress.finish();
    }
}
