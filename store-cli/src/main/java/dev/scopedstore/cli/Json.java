package dev.scopedstore.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;

/**
 * JSON text on the command line and in output: parsed exactly as the store reads values
 * (decimals as {@code BigDecimal} with their scale, integers exact), written compactly.
 */
final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private Json() {
    }

    /**
     * @param what the argument's name, for the message
     * @param text JSON text
     * @return the tree
     * @throws CliException (usage) naming the argument and the parser's complaint
     */
    static JsonNode parse(String what, String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw CliException.usage(what + " is empty; give a JSON value, e.g. 42, \"text\" or {\"a\": 1}");
            }
            return node;
        } catch (JsonProcessingException e) {
            String hint = text.isBlank() || text.strip().startsWith("\"") || text.strip().startsWith("{")
                    || text.strip().startsWith("[") ? "" : " (a string needs JSON quotes: '\"" + text + "\"')";
            throw CliException.usage(what + " '" + ScopedStoreCommand.oneLine(text) + "' is not valid JSON: "
                    + ScopedStoreCommand.oneLine(e.getOriginalMessage()) + hint);
        }
    }

    /** @return the tree as compact JSON text */
    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    /** @return how many bytes of UTF-8 JSON the tree takes, as backends count value sizes */
    static int bytes(JsonNode node) {
        return write(node).getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * @param node a value
     * @param max the most characters to show
     * @param ellipsis what marks a cut
     * @return the compact JSON, cut to {@code max} characters
     */
    static String preview(JsonNode node, int max, String ellipsis) {
        String text = write(node);
        return text.length() <= max ? text : text.substring(0, Math.max(0, max - ellipsis.length())) + ellipsis;
    }
}
