/** Scoped Store for browsers: a Jakarta Servlet 6.0 servlet, its JavaScript client and a demo page. */
module dev.scopedstore.web {
    requires transitive dev.scopedstore;
    requires transitive jakarta.servlet;

    exports dev.scopedstore.web;
}
