/** The default, in-process backend of Scoped Store. */
module dev.scopedstore.memory {
    requires transitive dev.scopedstore;

    exports dev.scopedstore.memory;

    provides dev.scopedstore.spi.StateBackendProvider with dev.scopedstore.memory.MemoryBackendProvider;
}
