/** Scoped Store's API and SPI. */
module dev.scopedstore {
    requires transitive com.fasterxml.jackson.databind;

    exports dev.scopedstore;
    exports dev.scopedstore.spi;
    exports dev.scopedstore.session;

    uses dev.scopedstore.spi.StateBackendProvider;
}
