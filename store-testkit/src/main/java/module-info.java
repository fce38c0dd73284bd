/**
 * Scoped Store's conformance kit: the JUnit Jupiter suite every backend runs, with the test
 * fixtures it uses. A backend's test extends {@link dev.scopedstore.testkit.StoreConformanceKit}.
 */
module dev.scopedstore.testkit {
    requires transitive dev.scopedstore;
    requires transitive org.junit.jupiter.api;

    exports dev.scopedstore.testkit;

    // JUnit runs the kit's non-public groups; the one mapper reads and writes the kit's values
    opens dev.scopedstore.testkit to org.junit.platform.commons, com.fasterxml.jackson.databind;
}
