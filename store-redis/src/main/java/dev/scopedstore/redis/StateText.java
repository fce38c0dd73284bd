package dev.scopedstore.redis;

import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
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
    private StateText() {
        super(StringCodec.UTF8, null);
    }

    /** @return a read of the state string {@code stateKey}, ready to dispatch */
    static AsyncCommand<String, String, byte[]> read(String stateKey) {
        return new AsyncCommand<>(new Command<>(CommandType.GET, new StateText(),
                new CommandArgs<>(StringCodec.UTF8).addKey(stateKey)));
    }

    @Override
    public void set(ByteBuffer bytes) {
        if (bytes != null) {
            output = new byte[bytes.remaining()];
            bytes.get(output);
        }
    }
}
