package dev.scopedstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's command-line example, run line by line in-process on a memory store persisted to
 * a temporary file (as the tool's default is): every command exits 0, {@code add} prints the new
 * value, and the states are then as the example left them. The {@code copy --to} target is the
 * one substitution: another temporary file stands for the Redis server the README names, and
 * the copy must land there.
 */
@DisplayName("The README's command-line example")
class ReadmeCommandsTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Pattern CLI_BLOCK = Pattern.compile("```bash\\n(\\./mvnw -q -pl store-cli.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    @DisplayName("every scoped-store line runs and exits 0")
    void everyLineRuns() throws IOException {
        Matcher block = CLI_BLOCK.matcher(Files.readString(README));
        assertTrue(block.find(), "the README has its command-line block");
        String url = Cli.fileUrl(dir, "states");
        String target = Cli.fileUrl(dir, "copied");
        List<List<String>> commands = new ArrayList<>();
        for (String line : block.group(1).lines().toList()) {
            if (line.startsWith("scoped-store ")) {
                commands.add(words(line));
            }
        }
        assertTrue(commands.size() >= 5, "found the example's commands: " + commands);
        for (List<String> words : commands) {
            List<String> args = new ArrayList<>(words.subList(1, words.size()));
            int to = args.indexOf("--to");
            if (to >= 0) {
                args.set(to + 1, target);
            }
            Cli.Run run = Cli.run(Cli.on(url, args.toArray(String[]::new)));
            assertEquals(0, run.exitCode(), String.join(" ", words) + "\n" + run);
            if (args.get(0).equals("add")) {
                assertEquals("1", run.out().strip(), "add prints the new value");
            }
        }
        assertEquals("1", Cli.run(Cli.on(url, "get", "poll.42", "votes")).out().strip(), "add counted once");
        assertEquals("\"Lunch?\"", Cli.run(Cli.on(target, "get", "poll.42", "title")).out().strip(),
                "copy brought the states over");
    }

    /** Splits a shell line into words: single and double quotes, and a {@code #} comment. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (c == '#' && word == null) {
                break;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
