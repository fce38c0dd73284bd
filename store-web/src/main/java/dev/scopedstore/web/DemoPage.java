package dev.scopedstore.web;

import dev.scopedstore.Atomic;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The demo of {@code scoped-store serve}: a page with a global poll whose votes add up through
 * an equation state, a per-client draft and a per-user setting after a mock login. Mount this
 * servlet at {@code /} and the {@link ScopedStoreServlet} that {@link #configure} set up at
 * {@code /scoped-store/*}. The login is a cookie the page sets: a demo, not authentication.
 */
public final class DemoPage extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final String USER_COOKIE = "demo-user";

    /**
     * Declares the demo's states and policy on a servlet builder.
     *
     * @param builder the builder of the servlet serving the demo's states
     * @return the builder
     */
    public static ScopedStoreServlet.Builder configure(ScopedStoreServlet.Builder builder) {
        return builder.state("demo.poll", "votes", 0L, Atomic.SUM)
                .state("demo.$client", "draft", "")
                .state("demo.$user", "theme", "light")
                .policy(AccessPolicy.allow("demo.poll", Operation.READ, Operation.ACCUMULATE)
                        .or(AccessPolicy.allow("demo.$client", Operation.READ, Operation.WRITE))
                        .or(AccessPolicy.allow("demo.$user", Operation.READ, Operation.WRITE)))
                .login(DemoPage::mockUser);
    }

    /** @return the user the page's mock login cookie names, if any */
    static Optional<String> mockUser(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (USER_COOKIE.equals(cookie.getName()) && !cookie.getValue().isBlank()) {
                    return Optional.of(URLDecoder.decode(cookie.getValue(), StandardCharsets.UTF_8));
                }
            }
        }
        return Optional.empty();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (!path.equals("/") && !path.equals("/index.html") && !path.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setContentType("text/html");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        try (InputStream in = DemoPage.class.getResourceAsStream("demo.html")) {
            response.getOutputStream().write(in.readAllBytes());
        }
    }
}
