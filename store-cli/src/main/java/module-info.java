/**
 * The {@code scoped-store} command-line tool. The shaded jar runs on the class path; this
 * descriptor keeps the module usable on the module path too.
 */
module dev.scopedstore.cli {
    requires dev.scopedstore;
    requires info.picocli;
    requires dev.scopedstore.web;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.ee10.servlet;

    opens dev.scopedstore.cli to info.picocli;
}
