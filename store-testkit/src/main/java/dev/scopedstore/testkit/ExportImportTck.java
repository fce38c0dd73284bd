package dev.scopedstore.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scopedstore.ScopeQuery;
import dev.scopedstore.Scopes;
import dev.scopedstore.State;
import dev.scopedstore.StateEntry;
import dev.scopedstore.StateId;
import dev.scopedstore.Store;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Export and import: JSON Lines, backend-neutral. */
abstract class ExportImportTck extends KitGroup {
    private static final ObjectMapper JSON = new ObjectMapper();

    ExportImportTck(StoreConformanceKit kit) {
        super(kit);
    }

    /** Writes two states of the test: a labelled global one and a client's. */
    private List<State<?>> twoStates(String label) {
        State<Integer> global = store().createState(1, key("g").labels(label));
        global.set(42);
        State<Map<String, List<Integer>>> mine = client("A").createState(
                Map.of("m", List.of(1, 2)), key("c", Scopes.CLIENT));
        return List.of(global, mine);
    }

    /** @return the exported lines of the test's scopes, in export order */
    private List<String> exportedLinesOfTest() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long count = store().export(out);
        List<String> all = out.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> !line.isBlank()).toList();
        assertEquals(count, all.size(), "export returns how many lines it wrote");
        List<String> ours = new ArrayList<>();
        for (String line : all) {
            String scope = parse(line).path("scope").asText();
            if (scope.equals(scope()) || scope.startsWith(scope() + ".")) {
                ours.add(line);
            }
        }
        return ours;
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("export wrote a line that is not JSON: " + line, e);
        }
    }

    @Test
    @DisplayName("writes JSON Lines with canonical scope, key, value, version and labels")
    void exportFormat() {
        String label = "label-" + randomHex();
        List<State<?>> states = twoStates(label);
        Map<String, JsonNode> byKey = new TreeMap<>();
        for (String line : exportedLinesOfTest()) {
            JsonNode node = parse(line);
            byKey.put(node.path("key").asText(), node);
        }
        assertEquals(Set.of("g", "c"), byKey.keySet());
        JsonNode g = byKey.get("g");
        assertEquals(scope(), g.path("scope").asText());
        assertEquals(42, g.path("value").asInt());
        assertTrue(g.path("value").isIntegralNumber());
        assertEquals(states.get(0).version(), g.path("version").asLong());
        assertEquals(List.of(label), texts(g.path("labels")));
        JsonNode c = byKey.get("c");
        assertEquals(scope() + ".$client~A", c.path("scope").asText());
        assertEquals(parse("{\"m\":[1,2]}"), c.path("value"));
        assertEquals(states.get(1).version(), c.path("version").asLong());
        assertEquals(List.of(), texts(c.path("labels")));
    }

    private static List<String> texts(JsonNode array) {
        assertTrue(array.isArray(), () -> "an array: " + array);
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.asText()));
        return out;
    }

    @Test
    @DisplayName("imports into a fresh store with equal values and labels")
    void roundTrip() {
        String label = "label-" + randomHex();
        List<State<?>> states = twoStates(label);
        List<String> lines = exportedLinesOfTest();
        Store fresh = openStoreIn(freshNamespace());
        assertEquals(2, fresh.importFrom(jsonLines(lines)));
        List<Portable> imported = withoutVersions(list(fresh, ScopeQuery.nested(scope())));
        assertEquals(List.of(
                new Portable(states.get(0).id(), "42", Set.of(label)),
                new Portable(states.get(1).id(), "{\"m\":[1,2]}", Set.of())), imported);
        assertEquals(withoutVersions(list(store(), ScopeQuery.nested(scope()))), imported);
        assertEquals(42, fresh.createState(0, key("g")).get());
    }

    @Test
    @DisplayName("refuses a malformed line with its line number, importing nothing")
    void malformedLine() {
        twoStates("label-" + randomHex());
        List<String> lines = new ArrayList<>(exportedLinesOfTest());
        lines.add("{\"scope\": \"" + scope() + "\", \"key\": ");
        Store fresh = openStoreIn(freshNamespace());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fresh.importFrom(jsonLines(lines)));
        assertTrue(String.valueOf(e.getMessage()).matches("(?is).*line\\D{0,3}3\\b.*"),
                () -> "the message names line 3: " + e.getMessage());
        assertEquals(List.of(), list(fresh, ScopeQuery.nested(scope())), "all or nothing: lines 1 and 2 not imported");
    }

    @Test
    @DisplayName("refuses a value that breaks the rules with its line number, importing nothing")
    void unportableLine() {
        twoStates("label-" + randomHex());
        List<String> lines = new ArrayList<>(exportedLinesOfTest());
        lines.add("{\"scope\": \"" + scope() + "\", \"key\": \"bad\", \"value\": \"\\uD800\", \"version\": 1,"
                + " \"labels\": [], \"ttlMillis\": 0, \"expiresAt\": null}");
        Store fresh = openStoreIn(freshNamespace());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fresh.importFrom(jsonLines(lines)));
        assertTrue(String.valueOf(e.getMessage()).matches("(?is).*line\\D{0,3}3\\b.*"),
                () -> "the message names line 3: " + e.getMessage());
        assertEquals(List.of(), list(fresh, ScopeQuery.nested(scope())), "nothing imported");
    }

    private static ByteArrayInputStream jsonLines(List<String> lines) {
        return new ByteArrayInputStream((String.join("\n", lines) + "\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** What an import must carry over; the value as JSON text, whatever node types hold it. */
    private record Portable(StateId id, String json, Set<String> labels) {
    }

    private static List<Portable> withoutVersions(List<StateEntry> entries) {
        return entries.stream().map(e -> new Portable(e.id(), e.value().toString(), e.labels())).toList();
    }
}
