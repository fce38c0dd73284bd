package dev.scopedstore.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on the loopback in front of a Redis server that can lose a reply: once
 * {@link #dropNextReply() armed}, it cuts the connection that receives the next bytes from the
 * server instead of passing them on. The command has run on the server, but the client never
 * hears of it, and Lettuce sends it again after reconnecting: the case write markers exist for.
 */
final class ReplyDroppingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int serverPort;
    private final AtomicBoolean armed = new AtomicBoolean();
    private final AtomicInteger dropped = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    ReplyDroppingProxy(int serverPort) throws IOException {
        this.serverPort = serverPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accepting = new Thread(this::accept, "reply-dropping-proxy");
        accepting.setDaemon(true);
        accepting.start();
    }

    /** @return {@code redis://127.0.0.1:port} of the proxy */
    String url() {
        return "redis://127.0.0.1:" + listener.getLocalPort();
    }

    /** Loses the next reply the server sends on any connection. */
    void dropNextReply() {
        armed.set(true);
    }

    /** @return how many replies were lost so far */
    int dropped() {
        return dropped.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), serverPort);
                sockets.add(client);
                sockets.add(server);
                pump(client, server, false);
                pump(server, client, true);
            } catch (IOException e) {
                return;   // closed
            }
        }
    }

    private void pump(Socket from, Socket to, boolean replies) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    if (replies && armed.compareAndSet(true, false)) {
                        dropped.incrementAndGet();
                        break;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // the other direction closed the pair
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "reply-dropping-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }
}
