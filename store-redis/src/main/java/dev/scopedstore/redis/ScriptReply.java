package dev.scopedstore.redis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scopedstore.StateId;
import dev.scopedstore.spi.StoredState;
import java.util.List;

/**
 * A write script's reply: {@code {status, version, value, labels, ttl, expiresAt, created}},
 * or just {@code {status}} when nothing was written ({@code conflict}, {@code absent}, …).
 */
final class ScriptReply {
    final List<Object> raw;

    ScriptReply(List<Object> raw) {
        this.raw = raw;
    }

    String status() {
        return String.valueOf(raw.get(0));
    }

    boolean ok() {
        return "ok".equals(raw.get(0));
    }

    boolean created() {
        return raw.size() > 6 && Long.valueOf(1).equals(raw.get(6));
    }

    /**
     * @param value the value the script stored as sent by this client, or null to parse the
     *     reply's copy
     * @return the written state
     */
    StoredState state(StateId id, RedisCodec codec, JsonNode value) {
        String expires = (String) raw.get(5);
        JsonNode stored = value != null ? value : codec.parse(id, (String) raw.get(2));
        return new StoredState(id, stored, Long.parseLong((String) raw.get(1)),
                codec.labels(id, (String) raw.get(3)), Long.parseLong((String) raw.get(4)),
                expires.isEmpty() ? StoredState.NEVER : Long.parseLong(expires));
    }
}
