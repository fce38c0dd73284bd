package dev.scopedstore.memory;

import dev.scopedstore.StateId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The states carrying each label, for {@code purgeLabels} without a scan. */
final class LabelIndex {
    private final ConcurrentHashMap<String, Set<StateId>> idsByLabel = new ConcurrentHashMap<>();

    void add(StateId id, Set<String> labels) {
        for (String label : labels) {
            idsByLabel.compute(label, (l, ids) -> {
                if (ids == null) {
                    ids = ConcurrentHashMap.newKeySet();
                }
                ids.add(id);
                return ids;
            });
        }
    }

    void remove(StateId id, Set<String> labels) {
        for (String label : labels) {
            idsByLabel.computeIfPresent(label, (l, ids) -> {
                ids.remove(id);
                return ids.isEmpty() ? null : ids;
            });
        }
    }

    /** @return a snapshot of the states carrying the label */
    List<StateId> idsWith(String label) {
        Set<StateId> ids = idsByLabel.get(label);
        return ids == null ? List.of() : List.copyOf(ids);
    }
}
