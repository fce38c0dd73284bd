package dev.scopedstore.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class UrlsTest {
    @Test
    @DisplayName("the password of user:password@ and every option named for a password, secret or token is shown as ****")
    void redacts() {
        assertEquals("redis://app:****@db:6379", Urls.redact("redis://app:s3cret@db:6379"));
        assertEquals("jdbc:mysql://db/app?user=app&password=****&ssl=true",
                Urls.redact("jdbc:mysql://db/app?user=app&password=hunter2&ssl=true"));
        assertEquals("jdbc:postgresql://db/app?PASSWORD=****", Urls.redact("jdbc:postgresql://db/app?PASSWORD=x"));
        assertEquals("dynamodb://t?region=eu-west-1&accessKeyId=AKID&secretAccessKey=****&sessionToken=****",
                Urls.redact("dynamodb://t?region=eu-west-1&accessKeyId=AKID&secretAccessKey=wJalr/K7MDENG"
                        + "&sessionToken=FQoGZXIvYXdz"));
        assertEquals("redis://db?tlsKeyPassword=****&keyPrefix=app", Urls.redact("redis://db?tlsKeyPassword=x&keyPrefix=app"));
        assertEquals("memory:", Urls.redact("memory:"));
        assertNull(Urls.redact(null));
    }
}
