package dev.scopedstore.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.scopedstore.Store;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.StateLines;
import dev.scopedstore.spi.StoredState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code scoped-store import FILE}: reads JSON Lines written by {@code export} and sets each
 * state. A first pass checks every line (JSON, fields, scope, key, the target's value size), so
 * a bad file writes nothing; the second pass imports in batches with progress.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Sets every state of a JSON Lines file written by export (value, labels, time-to-live).",
            "Every line is checked first: a bad file imports nothing."})
final class ImportCommand implements Callable<Integer> {
    private static final int SHOWN_PROBLEMS = 10;

    @ParentCommand
    private ScopedStoreCommand root;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A file written by export; - reads stdin.")
    private Path file;

    /** What messages call the input: the file as given, or {@code stdin}. */
    private String shown;

    @Override
    public Integer call() {
        shown = file.toString();
        if (!shown.equals("-")) {
            return importFile();
        }
        shown = "stdin";
        // two passes need the input twice: stdin is kept in a temporary file first
        Path spooled = null;
        try {
            spooled = Files.createTempFile("scoped-store-import", ".jsonl");
            Files.copy(root.stdin(), spooled, StandardCopyOption.REPLACE_EXISTING);
            file = spooled;
            return importFile();
        } catch (IOException e) {
            throw CliException.usage("cannot read stdin: " + e);
        } finally {
            deleteQuietly(spooled);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            if (path != null) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a temporary file left behind
        }
    }

    private int importFile() {
        try (Store store = root.openStore()) {
            long total = check(store.unwrap(StateBackend.class).capabilities().maxValueBytes());
            Progress progress = root.progress(spec, true, "imported", "states", total);
            StateStream.Importer importer = new StateStream.Importer(store, progress);
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (!line.isBlank()) {
                        importer.add(line);
                    }
                }
            }
            importer.flush();
            progress.finish();
        } catch (NoSuchFileException e) {
            throw CliException.usage("cannot read " + shown + ": no such file");
        } catch (IOException e) {
            throw CliException.usage("cannot read " + shown + ": " + e);
        }
        return ScopedStoreCommand.OK;
    }

    /** The first pass: every line parses and fits; returns how many states there are. */
    private long check(int maxValueBytes) throws IOException {
        List<String> problems = new ArrayList<>();
        long bad = 0;
        long states = 0;
        int number = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String problem = problem(line, maxValueBytes);
                if (problem == null) {
                    states++;
                } else if (++bad <= SHOWN_PROBLEMS) {
                    problems.add(shown + " line " + number + ": " + problem);
                }
            }
        }
        if (bad > 0) {
            PrintWriter err = spec.commandLine().getErr();
            problems.forEach(err::println);
            throw CliException.usage(bad + (bad == 1 ? " line" : " lines") + " of " + shown
                    + " cannot be imported" + (bad > SHOWN_PROBLEMS ? " (the first " + SHOWN_PROBLEMS + " shown)" : "")
                    + "; nothing imported");
        }
        return states;
    }

    private static String problem(String line, int maxValueBytes) {
        try {
            StoredState state = StateLines.fromJson(Json.MAPPER.readTree(line));
            int bytes = Json.bytes(state.value());
            return bytes <= maxValueBytes ? null : "the value of " + state.id() + " is " + bytes
                    + " bytes of JSON; the store takes at most " + maxValueBytes;
        } catch (JsonProcessingException e) {
            return "not JSON: " + ScopedStoreCommand.oneLine(e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            return ScopedStoreCommand.oneLine(e.getMessage());
        }
    }
}
