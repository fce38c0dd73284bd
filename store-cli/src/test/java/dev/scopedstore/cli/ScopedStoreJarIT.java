package dev.scopedstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        assumeTrue(Files.isRegularFile(JAR), "no runnable jar at " + JAR.toAbsolutePath());
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dfile.encoding=UTF-8", "-Dstdout.encoding=UTF-8", "-Dsun.stdout.encoding=UTF-8",
                "-Dstderr.encoding=UTF-8", "-Dsun.stderr.encoding=UTF-8",
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("SCOPEDSTORE_URL");
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
    void tourRunsFromTheJar() throws Exception {
        Run run = runJar("tour");

        assertEquals(0, run.exitCode(), run::toString);
        List<String> passed = run.out().lines().filter(line -> line.matches("^✓ \\d+\\. .*"))
                .collect(Collectors.toList());
        assertEquals(TourCommand.STEPS, passed.size(), run::toString);
        assertTrue(run.out().contains("All 6 checks passed."), run::toString);
        assertEquals("", run.err(), run::toString);
    }

    @Test
    void unknownSchemeExitsWithTwo() throws Exception {
        Run run = runJar("--url", "nosuch://x", "tour");

        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(1, run.err().lines().count(), run::toString);
        assertTrue(run.err().contains("'nosuch'"), run::toString);
    }
}
