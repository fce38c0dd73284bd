package dev.scopedstore.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.scopedstore.StateTypeMismatchException;
import dev.scopedstore.ScopeQuery;
import dev.scopedstore.State;
import dev.scopedstore.StateEntry;
import dev.scopedstore.StateOptions;
import dev.scopedstore.testkit.KitValues.Draft;
import dev.scopedstore.testkit.KitValues.Point;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A state: get-or-create, delete, copies and typed values. */
abstract class StateTck extends KitGroup {
    StateTck(StoreConformanceKit kit) {
        super(kit);
    }

    @Test
    @DisplayName("is written with its default when created, insert-if-absent")
    void createWritesDefault() {
        StateOptions opts = key("votes");
        assertFalse(store().hasState(opts));
        State<Integer> votes = store().createState(7, opts);
        assertTrue(store().hasState(opts), "createState writes the default");
        assertEquals(7, votes.get());
        assertEquals("votes", votes.key());
        assertEquals(scope(), votes.scope().canonical());
        assertEquals(7, store().createState(0, opts).get(), "another handle reads the stored value");
    }

    @Test
    @DisplayName("keeps its value and labels when created again with another default")
    void existingStateKeepsValueAndLabels() {
        String first = "first-" + randomHex();
        State<Integer> votes = store().createState(1, key("votes").labels(first));
        votes.set(5);
        State<Integer> again = store().createState(99, key("votes").labels("second-" + randomHex()));
        assertEquals(5, again.get());
        assertEquals(5, votes.get());
        List<StateEntry> listed = list(store(), ScopeQuery.scope(scope()));
        assertEquals(1, listed.size(), () -> "listed: " + listed);
        assertEquals(Set.of(first), listed.get(0).labels(), "labels are set at creation only");
    }

    @Test
    @DisplayName("reads as its default after delete, without writing it")
    void getAfterDeleteReturnsDefault() {
        StateOptions opts = key("flag");
        State<String> flag = store().createState("closed", opts);
        flag.set("open");
        flag.delete();
        assertEquals("closed", flag.get());
        assertFalse(store().hasState(opts), "get() after delete must not write");
        assertEquals(0, flag.version());
        assertEquals("closed", flag.get());
        assertFalse(store().hasState(opts));
        flag.delete();
        assertFalse(store().deleteState(opts), "nothing is left to delete");
    }

    @Test
    @DisplayName("is re-created by a set after delete")
    void setAfterDeleteRecreates() {
        StateOptions opts = key("flag");
        State<String> flag = store().createState("closed", opts);
        assertTrue(store().deleteState(opts));
        flag.set("open");
        assertTrue(store().hasState(opts));
        assertEquals("open", flag.get());
        assertEquals("open", store().createState("closed", opts).get());
        assertTrue(flag.version() >= 1);
    }

    @Test
    @DisplayName("copies values in: mutating after set changes nothing stored")
    void valuesAreCopiedIn() {
        State<List<String>> lines = store().createState(new TypeReference<List<String>>() { },
                List.of(), key("lines"));
        List<String> mine = new ArrayList<>(List.of("a"));
        lines.set(mine);
        mine.add("b");
        assertEquals(List.of("a"), lines.get());

        State<Map<String, Integer>> tally = store().createState(
                new TypeReference<Map<String, Integer>>() { }, Map.of(), key("tally"));
        Map<String, Integer> map = new HashMap<>(Map.of("yes", 1));
        tally.set(map);
        map.put("no", 2);
        map.put("yes", 5);
        assertEquals(Map.of("yes", 1), tally.get());

        State<Draft> draft = store().createState(new Draft("t", List.of()), key("draft"));
        Draft pojo = new Draft("title", List.of("one"));
        draft.set(pojo);
        pojo.title = "changed";
        pojo.lines.add("two");
        assertEquals(new Draft("title", List.of("one")), draft.get());
    }

    @Test
    @DisplayName("copies values out: mutating what get returned changes nothing stored")
    void valuesAreCopiedOut() {
        State<List<String>> lines = store().createState(new TypeReference<List<String>>() { },
                List.of("a"), key("lines"));
        mutate(lines.get(), l -> l.add("b"));
        assertEquals(List.of("a"), lines.get());

        State<Draft> draft = store().createState(new Draft("title", List.of("one")), key("draft"));
        Draft got = draft.get();
        got.title = "changed";
        mutate(got.lines, l -> l.add("two"));
        assertEquals(new Draft("title", List.of("one")), draft.get());

        State<Map<String, Integer>> tally = store().createState(
                new TypeReference<Map<String, Integer>>() { }, Map.of("yes", 1), key("tally"));
        mutate(tally.get(), m -> m.put("yes", 9));
        assertEquals(Map.of("yes", 1), tally.get());
    }

    @Test
    @DisplayName("reads generic types through a type token")
    void genericTypes() {
        State<List<String>> tags = store().createState(new TypeReference<List<String>>() { },
                List.of(), key("tags"));
        tags.set(List.of("x", "y"));
        assertEquals(List.of("x", "y"), tags.get());

        TypeReference<Map<String, List<Point>>> type = new TypeReference<>() { };
        State<Map<String, List<Point>>> paths = store().createState(type, Map.of(), key("paths"));
        Map<String, List<Point>> value = Map.of("p", List.of(new Point(1, 2), new Point(3, 4)));
        paths.set(value);
        assertEquals(value, store().createState(type, Map.of(), key("paths")).get());
    }

    @Test
    @DisplayName("round-trips records and POJOs")
    void recordsAndPojos() {
        State<Point> point = store().createState(new Point(0, 0), key("point"));
        point.set(new Point(-3, 7));
        assertEquals(new Point(-3, 7), store().createState(new Point(0, 0), key("point")).get());

        Draft draft = new Draft("über ✓", List.of("line one", ""));
        State<Draft> drafts = store().createState(Draft.class, null, key("draft"));
        drafts.set(draft);
        assertEquals(draft, store().createState(Draft.class, null, key("draft")).get());
    }

    @Test
    @DisplayName("with a List.of default, reads back a List")
    void listDefault() {
        State<List<Integer>> numbers = store().createState(List.of(1, 2), key("numbers"));
        List<Integer> read = numbers.get();
        int first = read.get(0);
        assertEquals(1, first);
        assertEquals(List.of(1, 2), read);
        numbers.set(List.of(3, 4, 5));
        List<Integer> again = store().createState(List.of(1, 2), key("numbers")).get();
        int last = again.get(2);
        assertEquals(5, last);
        assertEquals(List.of(3, 4, 5), again);
    }

    @Test
    @DisplayName("ignores unknown JSON properties when reading a POJO")
    void unknownPropertiesIgnored() {
        State<Map<String, Object>> asMap = store().createState(
                new TypeReference<Map<String, Object>>() { }, Map.of(), key("point"));
        Map<String, Object> newer = new LinkedHashMap<>();
        newer.put("x", 1);
        newer.put("y", 2);
        newer.put("z", 3);
        newer.put("note", "written by a newer release");
        asMap.set(newer);
        State<Point> asRecord = store().createState(new Point(0, 0), key("point"));
        assertEquals(new Point(1, 2), asRecord.get());
    }

    @Test
    @DisplayName("raises StateTypeMismatchException naming the state and what it holds when the value does not fit the type")
    void valueThatDoesNotFit() {
        store().createState(1L << 40, key("wide"));
        State<Integer> narrow = store().createState(0, key("wide"));
        StateTypeMismatchException tooWide = assertThrows(StateTypeMismatchException.class, narrow::get,
                "2^40 read as an Integer must not be truncated");
        assertEquals(narrow.id(), tooWide.stateId());
        assertTrue(tooWide.getMessage().contains("wide"), () -> "names the key: " + tooWide.getMessage());

        store().createState("text", key("text"));
        State<Integer> number = store().createState(0, key("text"));
        StateTypeMismatchException text = assertThrows(StateTypeMismatchException.class, number::get);
        assertTrue(text.getMessage().contains("holds a JSON string")
                && text.getMessage().contains("java.lang.Integer"), text::getMessage);

        assertEquals(1L << 40, store().createState(0L, key("wide")).get(), "left as it was");
        State<Integer> fine = store().createState(3, key("fine"));
        assertEquals(3, fine.get(), "other states stay readable");
    }

    /** Mutates a value the store returned; an unmodifiable one is fine too. */
    private static <V> void mutate(V value, java.util.function.Consumer<V> change) {
        try {
            change.accept(value);
        } catch (UnsupportedOperationException unmodifiable) {
            // the store handed out an unmodifiable value: also a copy that protects the state
        }
    }
}
