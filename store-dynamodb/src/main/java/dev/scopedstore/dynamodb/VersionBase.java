package dev.scopedstore.dynamodb;

/** The version base of fresh items. */
final class VersionBase {
    private VersionBase() {
    }

    /**
     * @return the wall clock in microseconds: a fresh item's first version is above it, so a
     *     state whose item DynamoDB's TTL or an operator removed never repeats a version
     *     (items see far fewer than a million writes a second)
     */
    static long now() {
        return System.currentTimeMillis() * 1000;
    }
}
