package dev.scopedstore.spi;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a backend declares about itself: its {@link Capability capabilities} and the largest
 * value it stores. Immutable.
 *
 * @param features the declared capabilities
 * @param maxValueBytes the largest encoded value (UTF-8 JSON bytes) the backend accepts; the
 *     facade refuses a larger one before any I/O
 */
public record Capabilities(Set<Capability> features, int maxValueBytes) {

    /** Validates and copies. */
    public Capabilities {
        features = Set.copyOf(Objects.requireNonNull(features, "features"));
        if (maxValueBytes <= 0) {
            throw new IllegalArgumentException("maxValueBytes must be positive: " + maxValueBytes);
        }
    }

    /**
     * @param maxValueBytes the largest encoded value
     * @param features the declared capabilities
     * @return the capabilities
     */
    public static Capabilities of(int maxValueBytes, Capability... features) {
        Set<Capability> set = EnumSet.noneOf(Capability.class);
        set.addAll(java.util.List.of(features));
        return new Capabilities(set, maxValueBytes);
    }

    /**
     * @param capability a capability
     * @return whether it is declared
     */
    public boolean has(Capability capability) {
        return features.contains(capability);
    }
}
