package dev.scopedstore.web;

import dev.scopedstore.session.ClientSession;
import dev.scopedstore.session.ClientSessions;
import dev.scopedstore.session.ResumeRefusedException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;

/**
 * A browser's client session, carried in an {@code HttpOnly}, {@code SameSite=Lax} cookie
 * holding the signed resume token ({@code Secure} unless configured off for plain-HTTP
 * localhost). The server issues the client id; a browser cannot choose or forge one.
 */
final class BrowserSessions {
    static final String COOKIE = "scoped-store-session";

    private final ClientSessions sessions;
    private final boolean secure;

    BrowserSessions(ClientSessions sessions, boolean secure) {
        this.sessions = sessions;
        this.secure = secure;
    }

    /** @return the session the request's cookie resumes, if it holds a valid, live token */
    Optional<ClientSession> resume(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (COOKIE.equals(cookie.getName())) {
                try {
                    return Optional.of(sessions.resume(cookie.getValue()));
                } catch (ResumeRefusedException refused) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** @return a new session, whose cookie the response now sets (replacing any other) */
    ClientSession connect(HttpServletRequest request, HttpServletResponse response) {
        ClientSession session = sessions.connect();
        String path = request.getContextPath() + request.getServletPath() + "/";
        response.addHeader("Set-Cookie", COOKIE + "=" + session.resumeToken() + "; Path=" + path
                + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : ""));
        return session;
    }
}
