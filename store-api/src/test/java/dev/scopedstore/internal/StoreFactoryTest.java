package dev.scopedstore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scopedstore.Store;
import dev.scopedstore.StoreConfigurationException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Opening a store by URL")
class StoreFactoryTest {

    @Test
    @DisplayName("names the unknown scheme and never prints the password")
    void unknownScheme() {
        StoreConfigurationException e = assertThrows(StoreConfigurationException.class,
                () -> Store.open("nosuch://app:s3cret@db:1/x"));
        assertTrue(e.getMessage().contains("'nosuch'"), e.getMessage());
        assertTrue(e.getMessage().contains("schemes on the class path"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    @DisplayName("refuses a URL without a scheme or with bad syntax")
    void malformed() {
        assertThrows(StoreConfigurationException.class, () -> Store.open("::not a url"));
        assertThrows(StoreConfigurationException.class, () -> Store.open("no-colon"));
        StoreConfigurationException e = assertThrows(StoreConfigurationException.class,
                () -> Store.open("nosuch://app:s3cret@db:1/x y"));
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    @DisplayName("refuses a scheme that two providers claim, naming both")
    void twoProviders() {
        StoreConfigurationException e = assertThrows(StoreConfigurationException.class,
                () -> Store.open("twice://x"));
        assertTrue(e.getMessage().contains("several backends claim the scheme 'twice'"), e.getMessage());
        assertTrue(e.getMessage().contains("TwiceProviders$First"), e.getMessage());
        assertTrue(e.getMessage().contains("TwiceProviders$Second"), e.getMessage());
    }

    @Test
    @DisplayName("a provider may decline URLs of its scheme: then no backend serves them, and the error says so")
    void providerDeclines() {
        StoreConfigurationException e = assertThrows(StoreConfigurationException.class,
                () -> Store.open("picky:theirs://app:s3cret@db/x"));
        assertTrue(e.getMessage().startsWith("no backend for 'picky:theirs://"), e.getMessage());
        assertTrue(e.getMessage().contains("scheme 'picky'"), e.getMessage());
        assertTrue(e.getMessage().contains("PickyProvider"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        e = assertThrows(StoreConfigurationException.class, () -> Store.open("picky:mine"));
        assertEquals("picky opened picky:mine", e.getMessage());
    }

    @Test
    @DisplayName("keeps passwords out of the configuration's toString")
    void configToString() {
        String shown = Store.builder().url("nosuch://app:s3cret@db:1/x").property("password", "hunter2")
                .config().toString();
        assertFalse(shown.contains("s3cret"), shown);
        assertFalse(shown.contains("hunter2"), shown);
    }
}
