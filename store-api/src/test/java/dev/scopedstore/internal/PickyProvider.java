package dev.scopedstore.internal;

import dev.scopedstore.StoreConfigurationException;
import dev.scopedstore.spi.BackendContext;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.StateBackendProvider;

/** Claims the scheme {@code picky} but serves only {@code picky:mine…} URLs; for tests only. */
public final class PickyProvider implements StateBackendProvider {
    @Override
    public String scheme() {
        return "picky";
    }

    @Override
    public boolean accepts(String url) {
        return url.startsWith("picky:mine");
    }

    @Override
    public StateBackend open(BackendContext context) {
        throw new StoreConfigurationException("picky opened " + context.url());
    }
}
