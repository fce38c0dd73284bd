package dev.scopedstore.redis;

import dev.scopedstore.Scope;

/**
 * The keys of one scope that do not depend on a state's key (see {@link RedisKeys}), built
 * once by {@link RedisKeys#of} and reused by every read and write of the scope's states.
 *
 * @param scope the scope
 * @param encoded its canonical name, percent-encoded (the scripts' ARGV[4], its channel suffix)
 * @param tag the hash tag {@code {P:enc(S)}} shared by every key of the scope
 * @param stateBase the key of a state without the state's own key
 * @param index the scope's key index
 * @param versions the scope's version high-water marks
 * @param floor the scope's version floor
 * @param markerBase a write marker without its write id
 */
record ScopeKeys(Scope scope, String encoded, String tag, String stateBase, String index, String versions,
                 String floor, String markerBase) {

    /** @return the string holding the state {@code key} of this scope */
    String state(String key) {
        return stateBase.concat(key);
    }

    /** @return the marker of the write {@code writeId} in this scope */
    String marker(String writeId) {
        return markerBase.concat(writeId);
    }
}
