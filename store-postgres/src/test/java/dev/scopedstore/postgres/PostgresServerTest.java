package dev.scopedstore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How the tests find PostgreSQL: the variable, else Docker, else skip (fail under CI=true). */
class PostgresServerTest {

    @Test
    @DisplayName("the variable wins and Docker is not asked; without it a running Docker engine gives the container")
    void order() {
        assertEquals("postgresql://h/db", PostgresServer.locate("postgresql://h/db", () -> {
            throw new AssertionError("Docker asked although the variable is set");
        }, () -> "unused"));
        assertEquals("postgresql://c/db", PostgresServer.locate(" ", () -> true, () -> "postgresql://c/db"));
    }

    @Test
    @DisplayName("without the variable and without Docker a test is skipped with a message saying how to run it")
    void skipsWithoutServer() throws Exception {
        String out = probe(null);
        assertTrue(out.contains("org.opentest4j.TestAbortedException"), out);
        assertTrue(out.contains(PostgresServer.ENV + "=postgresql://"), out);
        assertTrue(out.contains("Docker"), out);
    }

    @Test
    @DisplayName("under CI=true the same missing server fails the test instead")
    void failsUnderCi() throws Exception {
        String out = probe("true");
        assertTrue(out.contains("org.opentest4j.AssertionFailedError"), out);
        assertTrue(out.contains("CI=true"), out);
    }

    /** Runs {@link PostgresServerProbe} without the variable, with {@code CI} as given. */
    private static String probe(String ci) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                PostgresServerProbe.class.getName())).redirectErrorStream(true);
        pb.environment().remove(PostgresServer.ENV);
        pb.environment().remove("CI");
        if (ci != null) {
            pb.environment().put("CI", ci);
        }
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe did not finish in 60 s");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
