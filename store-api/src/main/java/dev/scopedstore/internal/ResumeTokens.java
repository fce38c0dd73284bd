package dev.scopedstore.internal;

import dev.scopedstore.session.ResumeRefusedException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Client ids and their resume tokens: {@code v1.<id>.<issuedAt>.<mac>}, where the id is 128
 * random bits in URL-safe base64, the issue time is epoch milliseconds in base 36 and the MAC
 * is HMAC-SHA-256 over everything before it, URL-safe base64. Verifying compares MACs in
 * constant time. No message repeats a token or an id.
 */
final class ResumeTokens {
    private static final String VERSION = "v1";
    private static final int ID_BYTES = 16;
    private static final int ID_CHARS = 22;
    private static final int MAC_CHARS = 43;
    private static final int MAX_TOKEN_CHARS = 120;
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNBASE64 = Base64.getUrlDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A MAC per thread, initialised once with the key. */
    private final ThreadLocal<Mac> macs;

    ResumeTokens(byte[] key) {
        SecretKeySpec spec = new SecretKeySpec(key, ALGORITHM);
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(spec);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JVM cannot compute " + ALGORITHM, e);
            }
        });
    }

    /** @return a fresh client id: 128 bits from {@link SecureRandom}, URL-safe */
    static String newId() {
        byte[] id = new byte[ID_BYTES];
        RANDOM.nextBytes(id);
        return BASE64.encodeToString(id);
    }

    /** @return a fresh signing key of {@code bytes} random bytes, URL-safe base64 */
    static String newKey(int bytes) {
        byte[] key = new byte[bytes];
        RANDOM.nextBytes(key);
        return BASE64.encodeToString(key);
    }

    static byte[] decodeKey(String key) {
        return UNBASE64.decode(key);
    }

    String issue(String id, long issuedAtMillis) {
        String signed = VERSION + "." + id + "." + Long.toString(issuedAtMillis, 36);
        return signed + "." + BASE64.encodeToString(mac(signed));
    }

    /**
     * @param token a token {@link #issue} made, with this key
     * @return its id and issue time
     * @throws ResumeRefusedException if it is malformed or its MAC does not match
     */
    Verified verify(String token) {
        if (token.length() > MAX_TOKEN_CHARS) {
            throw malformed("it is longer than any token this store issues");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 4 || !VERSION.equals(parts[0])) {
            throw malformed("it does not have the form v1.<id>.<time>.<signature>");
        }
        if (parts[1].length() != ID_CHARS || parts[3].length() != MAC_CHARS
                || !isBase64Url(parts[1]) || !isBase64Url(parts[3])) {
            throw malformed("its id or signature is not URL-safe base64 of the right length");
        }
        long issuedAt;
        try {
            issuedAt = Long.parseLong(parts[2], 36);
        } catch (NumberFormatException e) {
            throw malformed("its issue time is not a number");
        }
        // compared as text: base64 leaves spare bits, so two texts may decode to one MAC
        byte[] expected = BASE64.encode(mac(token.substring(0, token.lastIndexOf('.'))));
        if (!MessageDigest.isEqual(expected, parts[3].getBytes(StandardCharsets.US_ASCII))) {
            throw new ResumeRefusedException("the resume token was refused: its signature does not"
                    + " match (altered, forged, or signed with another key)");
        }
        return new Verified(parts[1], issuedAt);
    }

    private byte[] mac(String signed) {
        return macs.get().doFinal(signed.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean isBase64Url(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static ResumeRefusedException malformed(String why) {
        return new ResumeRefusedException("the resume token was refused: " + why);
    }

    /** A token whose MAC matched. */
    record Verified(String id, long issuedAtMillis) {
        @Override
        public String toString() {
            return "Verified{issuedAt=" + issuedAtMillis + "}";
        }
    }
}
