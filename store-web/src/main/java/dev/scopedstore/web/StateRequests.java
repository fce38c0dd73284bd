package dev.scopedstore.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scopedstore.MissingScopeContextException;
import dev.scopedstore.State;
import dev.scopedstore.StateChange;
import dev.scopedstore.StateId;
import dev.scopedstore.Store;
import dev.scopedstore.session.ClientSession;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.StoredState;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * What the servlet does for each request on a state: find the declared state, ask the policy,
 * then read or write it through the client's own store view. Every refusal happens before any
 * write: an unknown state, a bad scope or value is {@code 400}, what the policy refuses
 * {@code 403}, a stale expected version {@code 412} with the current version and value.
 */
final class StateRequests {
    private final StateBackend backend;
    private final ObjectMapper mapper;
    private final Map<String, ExposedState> states;
    private final AccessPolicy policy;

    StateRequests(Store store, ObjectMapper mapper, Map<String, ExposedState> states, AccessPolicy policy) {
        this.backend = store.unwrap(StateBackend.class);
        this.mapper = mapper;
        this.states = states;
        this.policy = policy;
    }

    void subscribe(ClientSession session, EventStream stream, JsonNode body, HttpServletResponse response)
            throws IOException {
        if (stream == null) {
            fail(response, HttpServletResponse.SC_BAD_REQUEST, "unknown stream: open the stream first");
            return;
        }
        Optional<State<JsonNode>> state = open(session, body, Operation.READ, response);
        if (state.isEmpty()) {
            return;
        }
        ExposedState exposed = exposed(body);
        State<JsonNode> handle = state.get();
        if (!stream.subscribe(exposed.name(), () -> handle.subscribe(change ->
                stream.send(event(exposed, change).toString())))) {
            fail(response, HttpServletResponse.SC_BAD_REQUEST, "the stream has ended: open a new one");
            return;
        }
        stream.send(snapshot(exposed, handle.id()).toString());
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    void unsubscribe(EventStream stream, JsonNode body, HttpServletResponse response) throws IOException {
        if (stream == null) {
            fail(response, HttpServletResponse.SC_BAD_REQUEST, "unknown stream");
            return;
        }
        stream.unsubscribe(ExposedState.name(text(body, "scope"), text(body, "key")));
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    void set(ClientSession session, JsonNode body, String ifMatch, HttpServletResponse response)
            throws IOException {
        ExposedState exposed = authorized(session, body, Operation.WRITE, response);
        if (exposed == null) {
            return;
        }
        JsonNode value = body.get("value");
        if (value == null) {
            fail(response, HttpServletResponse.SC_BAD_REQUEST, "the body has no value");
            return;
        }
        Optional<State<JsonNode>> state = handle(session, exposed, response);
        if (state.isEmpty()) {
            return;
        }
        try {
            if (ifMatch != null) {
                long expected = Long.parseLong(ifMatch.replace("\"", "").strip());
                if (!state.get().setIfVersion(expected, value)) {
                    respond(response, HttpServletResponse.SC_PRECONDITION_FAILED, current(state.get().id()));
                    return;
                }
            } else {
                state.get().set(value);
            }
        } catch (NumberFormatException e) {
            fail(response, HttpServletResponse.SC_BAD_REQUEST, "If-Match is not a version number");
            return;
        } catch (IllegalArgumentException | ArithmeticException e) {
            fail(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        respond(response, HttpServletResponse.SC_OK, current(state.get().id()));
    }

    void accumulate(ClientSession session, JsonNode body, HttpServletResponse response) throws IOException {
        ExposedState exposed = authorized(session, body, Operation.ACCUMULATE, response);
        if (exposed == null) {
            return;
        }
        JsonNode x = body.get("value");
        if (x == null || x.isNull()) {
            fail(response, HttpServletResponse.SC_BAD_REQUEST, "the body has no value to accumulate");
            return;
        }
        if (!exposed.options().isAtomic()) {
            fail(response, HttpServletResponse.SC_BAD_REQUEST, exposed.name()
                    + " declares no atomic equation: set it instead");
            return;
        }
        Optional<State<JsonNode>> state = handle(session, exposed, response);
        if (state.isEmpty()) {
            return;
        }
        try {
            state.get().accumulate(x);
        } catch (IllegalArgumentException | IllegalStateException | ArithmeticException e) {
            fail(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        respond(response, HttpServletResponse.SC_OK, current(state.get().id()));
    }

    void delete(ClientSession session, JsonNode body, HttpServletResponse response) throws IOException {
        Optional<State<JsonNode>> state = open(session, body, Operation.DELETE, response);
        if (state.isPresent()) {
            state.get().delete();
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        }
    }

    /** Sends the current value of every subscription of a stream whose missed events are lost. */
    void snapshots(EventStream stream) {
        for (String name : stream.subscribed()) {
            ExposedState exposed = states.get(name);
            State<JsonNode> state = stream.session().store().createState(JsonNode.class,
                    exposed.defaultValue(), exposed.options());
            stream.send(snapshot(exposed, state.id()).toString());
        }
    }

    /** The declared state the body names, checked against the policy, opened in the client's view. */
    private Optional<State<JsonNode>> open(ClientSession session, JsonNode body, Operation operation,
                                           HttpServletResponse response) throws IOException {
        ExposedState exposed = authorized(session, body, operation, response);
        return exposed == null ? Optional.empty() : handle(session, exposed, response);
    }

    /** @return the declared state the body names if the policy allows the operation, else null */
    private ExposedState authorized(ClientSession session, JsonNode body, Operation operation,
                                    HttpServletResponse response) throws IOException {
        ExposedState exposed = exposed(body);
        if (exposed == null) {
            fail(response, HttpServletResponse.SC_BAD_REQUEST, "unknown state: this server serves "
                    + states.keySet());
            return null;
        }
        if (!policy.allows(new StateAccess(session, exposed.scope(), exposed.key(), operation))) {
            fail(response, HttpServletResponse.SC_FORBIDDEN, operation.name().toLowerCase(java.util.Locale.ROOT)
                    + " of " + exposed.name() + " is not allowed");
            return null;
        }
        return exposed;
    }

    private Optional<State<JsonNode>> handle(ClientSession session, ExposedState exposed,
                                             HttpServletResponse response) throws IOException {
        try {
            return Optional.of(session.store().createState(JsonNode.class, exposed.defaultValue(),
                    exposed.options()));
        } catch (IllegalArgumentException | MissingScopeContextException | IllegalStateException e) {
            fail(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return Optional.empty();
        }
    }

    private ExposedState exposed(JsonNode body) {
        return states.get(ExposedState.name(text(body, "scope"), text(body, "key")));
    }

    private ObjectNode current(StateId id) {
        Optional<StoredState> stored = backend.get(id);
        ObjectNode out = mapper.createObjectNode();
        out.put("version", stored.map(StoredState::version).orElse(0L));
        out.set("value", stored.map(StoredState::value).orElse(null));
        return out;
    }

    private ObjectNode snapshot(ExposedState exposed, StateId id) {
        Optional<StoredState> stored = backend.get(id);
        ObjectNode event = header(exposed, id);
        event.put("version", stored.map(StoredState::version).orElse(0L));
        event.set("value", stored.map(StoredState::value).orElse(exposed.defaultValue()));
        event.put("deleted", false);
        return event;
    }

    private ObjectNode event(ExposedState exposed, StateChange<JsonNode> change) {
        ObjectNode event = header(exposed, change.id());
        event.put("version", change.version());
        event.set("value", change.deleted() ? exposed.defaultValue() : change.value());
        event.put("deleted", change.deleted());
        return event;
    }

    private ObjectNode header(ExposedState exposed, StateId id) {
        ObjectNode event = mapper.createObjectNode();
        event.put("name", exposed.name());
        event.put("scope", id.scope().canonical());
        event.put("key", id.key());
        return event;
    }

    private void respond(HttpServletResponse response, int status, JsonNode body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getOutputStream().write(mapper.writeValueAsBytes(body));
    }

    private static String text(JsonNode body, String field) {
        return body.path(field).asText("");
    }

    /** Answers with a status and a one-line reason. */
    static void fail(HttpServletResponse response, int status, String reason) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        String line = reason == null ? "" : reason.replace('\n', ' ').replace('\r', ' ');
        response.getWriter().write(line + "\n");
    }
}
