package dev.scopedstore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scopedstore.session.ResumeRefusedException;
import dev.scopedstore.session.SessionSettings;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ResumeTokensTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private final ResumeTokens tokens = new ResumeTokens(KEY);

    @Test
    @DisplayName("a token verifies to its id and issue time")
    void roundTrip() {
        String id = ResumeTokens.newId();
        ResumeTokens.Verified verified = tokens.verify(tokens.issue(id, 1_764_000_000_123L));
        assertEquals(id, verified.id());
        assertEquals(1_764_000_000_123L, verified.issuedAtMillis());
        assertFalse(verified.toString().contains(id));
    }

    @Test
    @DisplayName("ids are 22 URL-safe characters and do not repeat")
    void ids() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = ResumeTokens.newId();
            assertTrue(id.matches("[A-Za-z0-9_-]{22}"), id);
            assertTrue(seen.add(id));
        }
    }

    @Test
    @DisplayName("every single-bit change of a token is refused, the spare bits of the signature included")
    void everyBitFlipRefused() {
        String token = tokens.issue(ResumeTokens.newId(), 42L);
        int refused = 0;
        for (int i = 0; i < token.length(); i++) {
            for (int bit = 0; bit < 7; bit++) {
                char flipped = (char) (token.charAt(i) ^ (1 << bit));
                String forged = token.substring(0, i) + flipped + token.substring(i + 1);
                ResumeRefusedException e = assertThrows(ResumeRefusedException.class,
                        () -> tokens.verify(forged), forged);
                assertFalse(e.getMessage().contains(forged));
                refused++;
            }
        }
        assertEquals(token.length() * 7, refused);
    }

    @Test
    @DisplayName("a token signed with another key is refused")
    void otherKey() {
        byte[] other = KEY.clone();
        other[0] ^= 1;
        String token = new ResumeTokens(other).issue(ResumeTokens.newId(), 42L);
        ResumeRefusedException e = assertThrows(ResumeRefusedException.class, () -> tokens.verify(token));
        assertTrue(e.getMessage().contains("signature"), e.getMessage());
    }

    @Test
    @DisplayName("keys shorter than 32 bytes are refused; settings never show the key")
    void keyLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SessionSettings(new byte[31], null, null, "s", java.util.List.of()));
        assertTrue(e.getMessage().contains("31 bytes"), e.getMessage());
        SessionSettings given = new SessionSettings(KEY, null, null, "s", java.util.List.of());
        assertFalse(given.toString().contains("0123456789"), given.toString());
        byte[] copy = given.signingKey();
        copy[0] ^= 1;
        assertNotEquals(copy[0], given.signingKey()[0], "the settings hold their own copy");
    }
}
