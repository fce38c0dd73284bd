package dev.scopedstore.redis;

import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.nio.ByteBuffer;

/**
 * One read of a state's hash: {@code HMGET} of {@link RedisCodec#FIELDS}, whose reply keeps
 * each field's bytes as Redis sent them (null for a missing field). Lettuce's own {@code hmget}
 * would turn every field into a string and a key-value pair on the connection's event loop,
 * which all threads share; here the event loop only copies bytes and the calling thread
 * decodes them ({@link RedisCodec#fromFields}).
 */
final class StateFields extends CommandOutput<String, String, byte[][]> {
    /** The command, for {@code dispatch}. */
    static final CommandType COMMAND = CommandType.HMGET;

    private int next;

    StateFields() {
        super(StringCodec.UTF8, new byte[RedisCodec.FIELDS.length][]);
    }

    /** @return the arguments reading the fields of the state hash {@code stateKey} */
    static CommandArgs<String, String> args(String stateKey) {
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).addKey(stateKey);
        for (String field : RedisCodec.FIELDS) {
            args.add(field);
        }
        return args;
    }

    @Override
    public void set(ByteBuffer bytes) {
        if (next < output.length && bytes != null) {
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            output[next] = copy;
        }
        next++;
    }
}
