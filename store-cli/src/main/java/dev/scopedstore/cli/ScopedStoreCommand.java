package dev.scopedstore.cli;

import dev.scopedstore.BackendUnavailableException;
import dev.scopedstore.Store;
import dev.scopedstore.StoreConfigurationException;
import dev.scopedstore.StoreException;
import dev.scopedstore.spi.Urls;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * The {@code scoped-store} tool. It has no action of its own: every action is a subcommand, one
 * class each ({@link TourCommand}, …), which opens the backend named by {@code --url} through
 * {@link #openStore()}.
 *
 * <p>Exit codes: {@value #OK} success, {@value #FAILED} a check or operation failed,
 * {@value #USAGE} a usage or configuration error (bad option, unknown URL scheme),
 * {@value #UNAVAILABLE} the backend could not be reached. Errors are one line on stderr; the
 * stack trace only with {@code --verbose}.
 */
@Command(name = "scoped-store",
        mixinStandardHelpOptions = true,
        versionProvider = ScopedStoreCommand.Version.class,
        description = "Server-side state identified by a scope and a key, in a pluggable backend.",
        subcommands = {TourCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:a check or operation failed",
            "2:usage or configuration error (e.g. an unknown URL scheme)",
            "3:the backend is unavailable"})
public final class ScopedStoreCommand {
    /** Success. */
    public static final int OK = 0;
    /** A tour check, or an operation on the store, failed. */
    public static final int FAILED = 1;
    /** Bad usage or configuration, such as an unknown URL scheme (picocli's own code for usage). */
    public static final int USAGE = 2;
    /** The backend could not be reached ({@link BackendUnavailableException}). */
    public static final int UNAVAILABLE = 3;

    @Option(names = "--url", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Backend URL, e.g. memory: or redis://localhost:6379"
                    + " (default: -Dscopedstore.url, else $SCOPEDSTORE_URL, else memory:).")
    private String url;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Print stack traces of errors.")
    private boolean verbose;

    /** Whether the output can show ✓ and ✗; {@link #main} decides from stdout's charset. */
    private boolean unicode = true;

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
        ((ScopedStoreCommand) cli.getCommand()).unicode = charset.newEncoder().canEncode("✓✗×→");
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
        cli.setExecutionExceptionHandler(ScopedStoreCommand::handle);
        return cli;
    }

    /** @return the backend URL: {@code --url}, else {@link Store#defaultUrl()} */
    String url() {
        return url != null ? url : Store.defaultUrl();
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

    boolean verbose() {
        return verbose;
    }

    /**
     * @param unicodeText the text to show where the output can encode it
     * @param asciiText the text otherwise
     * @return one of them
     */
    String symbol(String unicodeText, String asciiText) {
        return unicode ? unicodeText : asciiText;
    }

    /** Maps an exception from a subcommand to one line on stderr and an exit code. */
    private static int handle(Exception ex, CommandLine cli, ParseResult parsed) {
        CommandSpec rootSpec = cli.getCommandSpec().root();
        ScopedStoreCommand root = (ScopedStoreCommand) rootSpec.userObject();
        int code = FAILED;
        String line = ex.getMessage();
        boolean unexpected = false;
        if (ex instanceof StoreConfigurationException) {
            code = USAGE;
            line = "cannot open the store: " + line;
        } else if (ex instanceof BackendUnavailableException) {
            code = UNAVAILABLE;
            line = "backend unavailable: " + line;
        } else if (!(ex instanceof StoreException || ex instanceof IllegalArgumentException)) {
            unexpected = true;
            line = "unexpected " + ex;
        }
        PrintWriter err = rootSpec.commandLine().getErr();
        err.println(rootSpec.name() + ": " + oneLine(line)
                + (unexpected && !root.verbose ? " (--verbose shows the stack trace)" : ""));
        if (root.verbose) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
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
