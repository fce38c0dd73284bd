package dev.scopedstore.cli;

import java.io.Console;
import java.lang.reflect.Method;

/**
 * The interactive terminal the tool runs on, if any: it decides whether {@code drop} may ask
 * for confirmation and whether progress is drawn as a bar. Tests give the tool their own.
 */
interface Terminal {

    /**
     * @param prompt shown before reading
     * @return the line typed, or {@code null} at end of input
     */
    String readLine(String prompt);

    /** @return the system's terminal, or {@code null} when input or output is redirected */
    static Terminal system() {
        Console console = System.console();
        if (console == null || !isTerminal(console)) {
            return null;
        }
        return prompt -> console.readLine("%s", prompt);
    }

    /** JDK 22+ may hand out a console that is no terminal; {@code Console.isTerminal()} tells. */
    private static boolean isTerminal(Console console) {
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // before JDK 22, System.console() is non-null only on a terminal
        }
    }
}
