package dev.scopedstore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scopedstore.MissingScopeContextException;
import dev.scopedstore.Scope;
import dev.scopedstore.ScopeContext;
import dev.scopedstore.StateId;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;

/**
 * Coverage-guided fuzzing of what the facade decides before any I/O: the value rules and codec,
 * and the names of states. Every input is either refused with {@link IllegalArgumentException}
 * or survives what any backend does to it: written as UTF-8 JSON text and read back, it is the
 * same tree, and decoding it gives the same value again. The normal build replays the seed
 * corpus in {@code src/test/resources/dev/scopedstore/internal/ValueRulesFuzzTestInputs}; with
 * {@code JAZZER_FUZZ=1} Jazzer fuzzes for {@code maxDuration} (see docs/writing-a-backend.md).
 */
class ValueRulesFuzzTest {
    private static final ObjectMapper MAPPER = Mappers.defaultMapper();
    private static final ValueCodec CODEC = new ValueCodec(MAPPER, 1 << 20);
    private static final JavaType ANY = CODEC.typeOf(Object.class);
    private static final StateId ID = StateId.parse("fuzz", "k");
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

    @FuzzTest(maxDuration = "60s")
    void valuesRoundTripOrAreRefused(FuzzedDataProvider data) {
        String text = data.consumeString(200);
        String json = data.consumeRemainingAsString();
        assertSurvivesOrRefused(text);
        JsonNode parsed;
        try {
            parsed = MAPPER.readTree(json);
        } catch (JsonProcessingException | IllegalArgumentException notJson) { // e.g. 1e500166774173058845
            return;
        }
        if (parsed == null || parsed.isMissingNode()) {
            return;
        }
        assertSurvivesOrRefused(MAPPER.convertValue(parsed, Object.class));
        try {
            CODEC.check(parsed);
        } catch (IllegalArgumentException refused) {
            assertTrue(refused.getMessage().startsWith("the value cannot be stored") || refused.getMessage()
                    .contains("bytes of JSON"), refused::getMessage);
            return;
        }
        JsonNode read = throughText(parsed);
        assertTrue(parsed.equals(NUMBERS_BY_VALUE, read), () -> parsed + " came back as " + read);
    }

    @FuzzTest(maxDuration = "60s")
    void namesRoundTripOrAreRefused(FuzzedDataProvider data) {
        String key = data.consumeString(300);
        String clientId = data.consumeString(300);
        String segment = data.consumeRemainingAsString();
        Scope scope;
        StateId id;
        try {
            scope = Scope.resolve("fuzz." + segment + ".$client", ScopeContext.empty().withClient(clientId));
            id = new StateId(scope, key);
        } catch (IllegalArgumentException | MissingScopeContextException refused) {
            return;
        }
        byte[] utf8 = id.scope().canonical().getBytes(StandardCharsets.UTF_8);
        assertTrue(utf8.length <= 1024, "a canonical scope fits 1,024 UTF-8 bytes");
        assertEquals(id.scope().canonical(), new String(utf8, StandardCharsets.UTF_8), "well-formed Unicode");
        assertEquals(key, new String(key.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        assertEquals(id, StateId.parse(id.scope().canonical(), id.key()), "the canonical form parses back");
    }

    private static void assertSurvivesOrRefused(Object value) {
        JsonNode encoded;
        try {
            encoded = CODEC.encode(value);
        } catch (IllegalArgumentException refused) {
            assertTrue(refused.getMessage() != null && !refused.getMessage().isBlank());
            return;
        }
        JsonNode read = throughText(encoded);
        assertTrue(encoded.equals(NUMBERS_BY_VALUE, read), () -> encoded + " came back as " + read);
        Object decoded = CODEC.decode(ID, read, ANY);
        assertTrue(encoded.equals(NUMBERS_BY_VALUE, CODEC.encode(decoded)), "decodes to the same value");
    }

    /** What a backend that keeps JSON text does: UTF-8 bytes out, a tree back. */
    private static JsonNode throughText(JsonNode node) {
        try {
            byte[] utf8 = MAPPER.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
            return MAPPER.readTree(new String(utf8, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new AssertionError("an accepted value does not survive its own JSON text", e);
        }
    }
}
