package dev.scopedstore.postgres;

/**
 * Run in a child JVM by {@link PostgresServerTest}, with an environment of the test's choosing:
 * prints what finding the server without the variable and without Docker does, and how long
 * asking the real Docker engine took.
 */
public final class PostgresServerProbe {
    private PostgresServerProbe() {
    }

    /** @param args ignored */
    public static void main(String[] args) {
        long start = System.nanoTime();
        boolean docker = PostgresServer.Docker.AVAILABLE;
        System.out.println("docker " + docker + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        try {
            PostgresServer.locate(System.getenv(PostgresServer.ENV), () -> false, () -> {
                throw new AssertionError("no container without Docker");
            });
            System.out.println("found a server");
        } catch (Throwable t) {
            System.out.println(t.getClass().getName() + ": " + t.getMessage());
        }
    }
}
