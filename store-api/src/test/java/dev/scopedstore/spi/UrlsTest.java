package dev.scopedstore.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class UrlsTest {
    @Test
    @DisplayName("the password of user:password@ and of a password= option is shown as ****")
    void redacts() {
        assertEquals("redis://app:****@db:6379", Urls.redact("redis://app:s3cret@db:6379"));
        assertEquals("jdbc:mysql://db/app?user=app&password=****&ssl=true",
                Urls.redact("jdbc:mysql://db/app?user=app&password=hunter2&ssl=true"));
        assertEquals("jdbc:postgresql://db/app?PASSWORD=****", Urls.redact("jdbc:postgresql://db/app?PASSWORD=x"));
        assertEquals("memory:", Urls.redact("memory:"));
        assertNull(Urls.redact(null));
    }
}
