package dev.scopedstore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scopedstore.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of the README is compiled and run on the memory backend, so an
 * example that stops compiling or printing what its comment says fails the build. A block that
 * opens its own {@code Store store} runs as it is; any other gets a fresh memory {@code store}.
 * A line that is a {@code System.out.println} ending in {@code // text} must print exactly the
 * line {@code text}.
 */
@DisplayName("The README's Java examples")
class ReadmeExamplesTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern PRINTS = Pattern.compile("^\\s*System\\.out\\.println\\(.*//\\s*(.+?)\\s*$");
    private static final String IMPORTS = """
            import dev.scopedstore.*;
            import dev.scopedstore.session.*;
            """;

    @TempDir
    Path classes;

    @TestFactory
    Stream<DynamicTest> everyJavaBlockCompilesAndPrintsWhatItSays() throws IOException {
        List<String> blocks = javaBlocks();
        assertTrue(blocks.size() >= 4, "the README's Java examples were found: " + blocks.size());
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            String block = blocks.get(i);
            String name = "Example" + (i + 1);
            tests.add(DynamicTest.dynamicTest(name + ": " + block.lines().findFirst().orElse("").trim(),
                    () -> run(name, block)));
        }
        return tests.stream();
    }

    private static List<String> javaBlocks() throws IOException {
        Matcher m = JAVA_BLOCK.matcher(Files.readString(README));
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    private void run(String name, String block) throws Exception {
        boolean opensItsOwn = block.contains("Store store =");
        String source = IMPORTS + "public class " + name + " {\n"
                + "    public static void run(" + (opensItsOwn ? "" : "Store store") + ") throws Exception {\n"
                + block + "    }\n}\n";
        Path file = classes.resolve(name + ".java");
        Files.writeString(file, source);
        compile(file);
        String printed = runAndCapture(name, opensItsOwn);
        for (String line : block.lines().toList()) {
            Matcher prints = PRINTS.matcher(line);
            if (prints.find()) {
                String expected = prints.group(1);
                assertTrue(printed.lines().anyMatch(expected::equals),
                        "prints the line '" + expected + "'; it printed:\n" + printed);
            }
        }
    }

    private void compile(Path file) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int code = javac.run(null, null, errors, "-classpath", classPath, "-d", classes.toString(),
                "-proc:none", file.toString());
        assertEquals(0, code, "compiles:\n" + errors.toString(StandardCharsets.UTF_8));
    }

    private String runAndCapture(String name, boolean opensItsOwn) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                getClass().getClassLoader());
             PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            Class<?> example = loader.loadClass(name);
            if (opensItsOwn) {
                Method run = example.getMethod("run");
                invoke(run);
            } else {
                try (Store store = Store.open("memory:")) {
                    invoke(example.getMethod("run", Store.class), store);
                }
            }
        } finally {
            System.setOut(original);
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        original.print(text);
        return text;
    }

    private static void invoke(Method run, Object... args) throws Exception {
        try {
            run.invoke(null, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
