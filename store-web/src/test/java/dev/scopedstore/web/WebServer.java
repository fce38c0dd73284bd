package dev.scopedstore.web;

import java.net.InetSocketAddress;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Embedded Jetty 12 on a free loopback port: the demo page at /, the servlet at /scoped-store/*. */
final class WebServer implements AutoCloseable {
    private final Server server;
    private final int port;

    private WebServer(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    static WebServer start(ScopedStoreServlet servlet) throws Exception {
        Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
        ServletContextHandler context = new ServletContextHandler();
        ServletHolder holder = new ServletHolder(servlet);
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/scoped-store/*");
        context.addServlet(new ServletHolder(new DemoPage()), "/");
        server.setHandler(context);
        server.start();
        return new WebServer(server, ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    }

    /** @return e.g. {@code http://127.0.0.1:41234} */
    String origin() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop", e);
        }
    }
}
