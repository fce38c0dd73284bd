package dev.scopedstore.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;

/**
 * Refuses state-changing requests from other sites: besides the {@code SameSite=Lax} cookie,
 * every POST must carry the header {@value #HEADER} (which no cross-site form can send and no
 * cross-site script can send without a CORS preflight this servlet never grants), must not be
 * marked {@code Sec-Fetch-Site: cross-site}, and an {@code Origin} it carries must be the
 * servlet's own or one the application allowed.
 */
final class CrossSiteGuard {
    static final String HEADER = "X-Scoped-Store";

    private final Set<String> allowedOrigins;

    CrossSiteGuard(Set<String> allowedOrigins) {
        this.allowedOrigins = Set.copyOf(allowedOrigins);
    }

    /** @return why the request is refused, or {@code null} if it may go on */
    String refusal(HttpServletRequest request) {
        if (request.getHeader(HEADER) == null) {
            return "the request lacks the " + HEADER + " header that the JavaScript client sends";
        }
        if ("cross-site".equals(request.getHeader("Sec-Fetch-Site"))) {
            return "a cross-site request";
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !origin.equals(ownOrigin(request)) && !allowedOrigins.contains(origin)) {
            return "the origin is neither this server's nor an allowed one";
        }
        return null;
    }

    private static String ownOrigin(HttpServletRequest request) {
        String scheme = request.getScheme();
        int port = request.getServerPort();
        boolean defaultPort = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return scheme + "://" + request.getServerName() + (defaultPort ? "" : ":" + port);
    }
}
