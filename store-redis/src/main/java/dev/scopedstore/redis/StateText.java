package dev.scopedstore.redis;

import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.nio.ByteBuffer;

/**
 * One read of a state: {@code GET} of its string (header and value, see {@link RedisKeys}),
 * whose reply keeps the bytes as Redis sent them (null if the key is absent). The connection's
 * event loop, which all threads share, only copies bytes; the calling thread decodes them
 * ({@link RedisCodec#fromText}).
 */
final class StateText extends CommandOutput<String, String, byte[]> {
    /** The command, for {@code dispatch}. */
    static final CommandType COMMAND = CommandType.GET;

    StateText() {
        super(StringCodec.UTF8, null);
    }

    /** @return the arguments reading the state string {@code stateKey} */
    static CommandArgs<String, String> args(String stateKey) {
        return new CommandArgs<>(StringCodec.UTF8).addKey(stateKey);
    }

    @Override
    public void set(ByteBuffer bytes) {
        if (bytes != null) {
            output = new byte[bytes.remaining()];
            bytes.get(output);
        }
    }
}
