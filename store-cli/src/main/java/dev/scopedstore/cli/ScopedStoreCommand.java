package dev.scopedstore.cli;

import dev.scopedstore.BackendUnavailableException;
import dev.scopedstore.StateConflictException;
import dev.scopedstore.Store;
import dev.scopedstore.StoreConfigurationException;
import dev.scopedstore.spi.Urls;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Properties;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code scoped-store} tool. It has no action of its own: every action is a subcommand, one
 * class each ({@link TourCommand}, …), which opens the backend named by {@code --url} through
 * {@link #openStore()}; {@link Errors} reports what they throw.
 *
 * <p>Exit codes: {@value #OK} success, {@value #NOT_FOUND} not found or a check failed,
 * {@value #USAGE} a usage or configuration error (bad option, bad scope or JSON, unknown URL
 * scheme), {@value #UNAVAILABLE} the backend could not be reached, {@value #CONFLICT} an atomic
 * update kept losing to other writers. Errors are one line on stderr; the stack trace only with
 * {@code --verbose}.
 *
 * <p>The backend is {@code --url}, else {@code -Dscopedstore.url}, else {@code SCOPEDSTORE_URL},
 * else {@value #DEFAULT_URL}: unlike {@link Store#open()}, whose last resort forgets everything
 * on close, the tool's own default persists, so {@code set} and a later {@code get} meet.
 */
@Command(name = "scoped-store",
        mixinStandardHelpOptions = true,
        versionProvider = ScopedStoreCommand.Version.class,
        description = "Server-side state identified by a scope and a key, in a pluggable backend.",
        subcommands = {LsCommand.class, GetCommand.class, SetCommand.class, AddCommand.class,
            RmCommand.class, DropCommand.class, WatchCommand.class, ExportCommand.class,
            ImportCommand.class, CopyCommand.class, BenchCommand.class, TourCommand.class, ServeCommand.class,
            CompletionCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nScopes:%n",
        footer = {"Scopes are given in the canonical form ls prints, e.g. poll.42 or chat.$client~alice;"
                + " values are JSON text, e.g. 42, '\"text\"' or '{\"yes\": 3}'."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:not found, or a check failed",
            "2:usage error: bad option, scope, JSON or URL",
            "3:the backend is unavailable",
            "4:conflict: an atomic update kept losing to other writers"})
public final class ScopedStoreCommand {
    /** Success. */
    public static final int OK = 0;
    /** The state (or scope) was not found, or a check failed. */
    public static final int NOT_FOUND = 1;
    /** A tour check, or a check before an operation, failed (the same code as not found). */
    public static final int FAILED = NOT_FOUND;
    /** Bad usage or configuration, such as an unknown URL scheme (picocli's own code for usage). */
    public static final int USAGE = 2;
    /** The backend could not be reached ({@link BackendUnavailableException}). */
    public static final int UNAVAILABLE = 3;
    /** An atomic update kept losing to other writers ({@link StateConflictException}). */
    public static final int CONFLICT = 4;
    /** The tool's own default store: a memory store persisted under the working directory. */
    public static final String DEFAULT_URL = "memory:./.scoped-store/states.jsonl?flushInterval=1s";

    @Option(names = "--url", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Backend URL, e.g. memory: or redis://localhost:6379 (default:"
                    + " -Dscopedstore.url, else $SCOPEDSTORE_URL, else " + DEFAULT_URL + ").")
    private String url;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Print stack traces of errors.")
    private boolean verbose;

    /** Whether the output can show ✓ and ✗; {@link #main} decides from stdout's charset. */
    private boolean unicode = true;

    /** The terminal, or {@code null} when there is none; {@link #main} asks the system. */
    private Terminal terminal;

    /** Standard input, for {@code import -}; tests replace it. */
    private InputStream stdin = System.in;

    /** Looks up environment variables; tests replace it. */
    private UnaryOperator<String> environment = System::getenv;

    /**
     * Runs the tool and exits with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        Charset charset = stdoutCharset();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(
                new FileOutputStream(FileDescriptor.out), charset), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(
                new FileOutputStream(FileDescriptor.err), charset), true);
        CommandLine cli = commandLine(out, err);
        ScopedStoreCommand root = cli.getCommand();
        root.unicode = charset.newEncoder().canEncode("✓✗×→█░…");
        root.terminal = Terminal.system();
        int code = cli.execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * The tool, ready to {@link CommandLine#execute execute}, writing to the given streams; tests
     * run it in-process this way.
     *
     * @param out standard output
     * @param err standard error
     * @return the command line
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new ScopedStoreCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(Errors::handle);
        cli.setParameterExceptionHandler(Errors::handleUsage);
        return cli;
    }

    /**
     * @return the backend URL: {@code --url}, else the configured one ({@code scopedstore.url},
     *     {@code SCOPEDSTORE_URL}), else {@value #DEFAULT_URL}
     */
    String url() {
        String configured = configuredUrl();
        return configured != null ? configured : DEFAULT_URL;
    }

    /**
     * @return {@code --url}, else the system property {@code scopedstore.url}, else the
     *     environment variable {@code SCOPEDSTORE_URL}; {@code null} if none is set. (The same
     *     order as {@link Store#defaultUrl()}, which cannot tell "nothing set" from {@code memory:}.)
     */
    String configuredUrl() {
        for (String candidate : new String[] {url, System.getProperty("scopedstore.url"),
                environment.apply("SCOPEDSTORE_URL")}) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        return null;
    }

    /** @return {@link #url()} without its password, for printing */
    String shownUrl() {
        return Urls.redact(url());
    }

    /**
     * @return a new store on {@link #url()}; the caller closes it
     * @throws StoreConfigurationException if the URL is invalid or no backend serves its scheme
     */
    Store openStore() {
        return Store.open(url());
    }

    /**
     * @param otherUrl a URL given to a subcommand
     * @return a new store on it; the caller closes it
     */
    Store openStore(String otherUrl) {
        return Store.open(otherUrl);
    }

    boolean verbose() {
        return verbose;
    }

    /** @return the terminal, or {@code null} if input or output is not one */
    Terminal terminal() {
        return terminal;
    }

    /**
     * For tests: act as if on this terminal ({@code null} for none).
     *
     * @param terminal the terminal
     * @return this
     */
    ScopedStoreCommand terminal(Terminal terminal) {
        this.terminal = terminal;
        return this;
    }

    /** @return standard input */
    InputStream stdin() {
        return stdin;
    }

    /**
     * For tests: read standard input from here.
     *
     * @param stdin the input
     * @return this
     */
    ScopedStoreCommand stdin(InputStream stdin) {
        this.stdin = stdin;
        return this;
    }

    /**
     * @return how many characters a line of the terminal holds: {@code COLUMNS} if the shell
     *     exports it, else 120
     */
    int columns() {
        try {
            String columns = environment.apply("COLUMNS");
            int n = columns == null ? 0 : Integer.parseInt(columns.strip());
            return n >= 40 ? n : 120;
        } catch (NumberFormatException e) {
            return 120;
        }
    }

    /**
     * For tests: look environment variables up here.
     *
     * @param environment name to value, {@code null} if unset
     * @return this
     */
    ScopedStoreCommand environment(UnaryOperator<String> environment) {
        this.environment = environment;
        return this;
    }

    /** @return whether the output can show characters such as ✓ and █ */
    boolean unicode() {
        return unicode;
    }

    /** @return whether progress is drawn as a bar: only on a terminal */
    boolean showsBar() {
        return terminal != null;
    }

    /**
     * @param spec the running subcommand
     * @param bar whether to draw a bar, if on a terminal; otherwise plain counts
     * @param verb what is done, past tense
     * @param noun what is counted, plural
     * @param total how many, or negative if unknown
     * @return progress on stderr
     */
    Progress progress(CommandSpec spec, boolean bar, String verb, String noun, long total) {
        return new Progress(spec.commandLine().getErr(), bar && showsBar(), unicode, verb, noun, total);
    }

    /**
     * @param unicodeText the text to show where the output can encode it
     * @param asciiText the text otherwise
     * @return one of them
     */
    String symbol(String unicodeText, String asciiText) {
        return unicode ? unicodeText : asciiText;
    }

    static String oneLine(String text) {
        return text == null ? "(no message)" : text.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    private static Charset stdoutCharset() {
        for (String property : new String[] {"stdout.encoding", "sun.stdout.encoding"}) {
            String name = System.getProperty(property);
            if (name != null) {
                try {
                    return Charset.forName(name);
                } catch (IllegalArgumentException e) {
                    // an unknown name: fall through to the default
                }
            }
        }
        return Charset.defaultCharset();
    }

    /** The version from {@code version.properties}, written by the build. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"scoped-store " + version(),
                "Java ${java.version} (${java.vendor}), ${os.name} ${os.arch}"};
        }

        static String version() {
            Properties properties = new Properties();
            try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException e) {
                // fall through to the manifest
            }
            String version = properties.getProperty("version");
            if (version == null || version.startsWith("$")) {
                version = Version.class.getPackage().getImplementationVersion();
            }
            return version == null ? "(development build)" : version;
        }
    }
}
