package dev.scopedstore.cli;

import dev.scopedstore.Store;
import dev.scopedstore.session.ClientSessions;
import dev.scopedstore.spi.Urls;
import dev.scopedstore.web.DemoPage;
import dev.scopedstore.web.ScopedStoreServlet;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code scoped-store serve}: the browser demo on embedded Jetty, until interrupted. Unless a URL
 * is given it serves a fresh {@code memory:} store; two {@code serve} processes on one Redis or
 * PostgreSQL show each other's votes live.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves the browser demo (docs/web.md): a global poll whose votes add up through an"
                + " equation state, a per-client draft and a per-user setting after a mock login.",
            "On a fresh memory: store unless a URL is given; run two on one Redis or PostgreSQL to see"
                + " them share the votes. Plain HTTP on loopback only: Ctrl-C stops."})
final class ServeCommand implements Callable<Integer> {
    @ParentCommand
    private ScopedStoreCommand root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", description = "The port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    private int port = 8080;

    @Override
    public Integer call() throws Exception {
        String url = root.configuredUrl() != null ? root.url() : "memory:";
        CountDownLatch stop = new CountDownLatch(1);
        boolean interrupted = false;
        Thread hook = new Thread(stop::countDown, "scoped-store-serve-stop");
        try (Store store = root.openStore(url); ClientSessions sessions = ClientSessions.builder(store).build()) {
            // plain HTTP on loopback: the session cookie cannot be Secure here
            ScopedStoreServlet servlet = DemoPage.configure(ScopedStoreServlet.builder(store, sessions))
                    .secureCookie(false).build();
            Server server = new Server(new InetSocketAddress("127.0.0.1", port));
            ServletContextHandler context = new ServletContextHandler();
            ServletHolder holder = new ServletHolder(servlet);
            holder.setAsyncSupported(true);
            context.addServlet(holder, "/scoped-store/*");
            context.addServlet(new ServletHolder(new DemoPage()), "/");
            server.setHandler(context);
            server.start();
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                int bound = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
                PrintWriter out = spec.commandLine().getOut();
                out.println("serving the demo on http://127.0.0.1:" + bound + "/ with " + Urls.redact(url)
                        + "; Ctrl-C stops");
                out.flush();
                stop.await();
            } catch (InterruptedException e) {
                interrupted = true;   // asked to stop, as Ctrl-C asks; Jetty stops first
            } finally {
                server.stop();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: the JVM is exiting
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return ScopedStoreCommand.OK;
    }
}
