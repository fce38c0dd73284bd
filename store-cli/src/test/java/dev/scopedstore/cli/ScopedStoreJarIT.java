package dev.scopedstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the shaded jar as a user would, {@code java -jar scoped-store.jar tour}. Runs under
 * {@code mvn verify} (failsafe, after {@code package} built the jar); skipped if there is no jar.
 */
class ScopedStoreJarIT {
    private static final Path JAR = Paths.get(System.getProperty("scopedstore.cli.jar",
            "target/scoped-store.jar"));

    record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private static Run runJar(String... args) throws IOException, InterruptedException {
        return runJarIn(null, args);
    }

    /** Runs the jar with {@code dir} as the working directory ({@code null}: this one). */
    private static Run runJarIn(Path dir, String... args) throws IOException, InterruptedException {
        assumeTrue(Files.isRegularFile(JAR), "no runnable jar at " + JAR.toAbsolutePath());
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dfile.encoding=UTF-8", "-Dstdout.encoding=UTF-8", "-Dsun.stdout.encoding=UTF-8",
                "-Dstderr.encoding=UTF-8", "-Dsun.stderr.encoding=UTF-8",
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("SCOPEDSTORE_URL");
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("scoped-store " + String.join(" ", args) + " did not end in 120 s");
        }
        return new Run(process.exitValue(), out.join(), err.join());
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void tourRunsFromTheJar(@TempDir Path dir) throws Exception {
        Run run = runJarIn(dir, "tour");

        assertEquals(0, run.exitCode(), run::toString);
        List<String> passed = run.out().lines().filter(line -> line.matches("^✓ \\d+\\. .*"))
                .collect(Collectors.toList());
        assertEquals(TourCommand.STEPS, passed.size(), run::toString);
        assertTrue(run.out().contains("All 6 checks passed."), run::toString);
        assertEquals("", run.err(), run::toString);
        // a fresh memory: store, not the tool's persisted default
        assertTrue(run.out().startsWith("Scoped Store tour on memory:" + System.lineSeparator()), run::toString);
        assertFalse(Files.exists(dir.resolve(".scoped-store")), run::toString);
    }

    @Test
    void setGetExportAndImportIntoASecondStore(@TempDir Path dir) throws Exception {
        // the default store: a file under ./.scoped-store, so two invocations meet
        assertOk(runJarIn(dir, "set", "poll.42", "votes", "{\"yes\": 3, \"no\": 0.25}"));
        assertOk(runJarIn(dir, "set", "chat.$client~alice", "draft", "\"hi\"", "--ttl", "1h", "--label", "chat"));
        assertEquals("{\"yes\":4,\"no\":0.25}", assertOk(runJarIn(dir, "add", "poll.42", "votes", "{\"yes\": 1}"))
                .out().strip());
        assertTrue(Files.isRegularFile(dir.resolve(".scoped-store/states.jsonl")));

        Run get = assertOk(runJarIn(dir, "get", "chat.$client~alice", "draft"));
        assertEquals("\"hi\"", get.out().strip(), get::toString);
        Run missing = runJarIn(dir, "get", "chat.$client~bob", "draft");
        assertEquals(1, missing.exitCode(), missing::toString);
        assertEquals("scoped-store: no state scope=chat.$client~bob key=draft", missing.err().strip(), missing::toString);

        assertOk(runJarIn(dir, "export", "states.jsonl"));
        String second = "memory:" + dir.resolve("second/states.jsonl");
        Run imported = assertOk(runJarIn(dir, "--url", second, "import", "states.jsonl"));
        assertTrue(imported.err().startsWith("imported 2 states"), imported::toString);

        assertEquals(comparable(assertOk(runJarIn(dir, "export")).out()),
                comparable(assertOk(runJarIn(dir, "--url", second, "export")).out()));
        assertEquals("\"hi\"", assertOk(runJarIn(dir, "--url", second, "get", "chat.$client~alice", "draft")).out().strip());
    }

    private static Run assertOk(Run run) {
        assertEquals(0, run.exitCode(), run::toString);
        return run;
    }

    /** Export lines without the versions and expiry instants, which differ between stores. */
    private static List<String> comparable(String export) {
        return export.lines()
                .map(line -> line.replaceAll("\"version\":\\d+,", "").replaceAll(",\"expiresAt\":(null|\"[^\"]*\")", ""))
                .collect(Collectors.toList());
    }

    @Test
    void unknownSchemeExitsWithTwo() throws Exception {
        Run run = runJar("--url", "nosuch://x", "tour");

        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(1, run.err().lines().count(), run::toString);
        assertTrue(run.err().contains("'nosuch'"), run::toString);
    }
}
