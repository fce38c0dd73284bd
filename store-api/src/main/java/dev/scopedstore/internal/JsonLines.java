package dev.scopedstore.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scopedstore.spi.StateLines;
import dev.scopedstore.spi.StoredState;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Export and import: {@link StateLines} objects, one per line, streamed. */
final class JsonLines {
    private JsonLines() {
    }

    /** Writes each state as one line; flushes but does not close {@code out}. */
    static long write(ObjectMapper mapper, Stream<StoredState> states, OutputStream out) {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        long count = 0;
        try {
            for (Iterator<StoredState> it = states.iterator(); it.hasNext(); ) {
                writer.write(mapper.writeValueAsString(StateLines.toJson(it.next())));
                writer.write('\n');
                count++;
            }
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the export", e);
        }
        return count;
    }

    /**
     * Reads lines one at a time, checks each and hands it on; blank lines are skipped.
     *
     * @throws IllegalArgumentException naming the line number of the first bad line
     */
    static long read(ObjectMapper mapper, InputStream in, Consumer<StoredState> sink) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        long count = 0;
        int lineNumber = 0;
        try {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                StoredState state = parse(mapper, line, lineNumber);
                try {
                    sink.accept(state);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("line " + lineNumber + ": " + e.getMessage(), e);
                }
                count++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the import at line " + lineNumber, e);
        }
        return count;
    }

    private static StoredState parse(ObjectMapper mapper, String line, int lineNumber) {
        try {
            JsonNode node = mapper.readTree(line);
            return StateLines.fromJson(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("line " + lineNumber + " is not JSON: "
                    + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("line " + lineNumber + ": " + e.getMessage(), e);
        }
    }
}
