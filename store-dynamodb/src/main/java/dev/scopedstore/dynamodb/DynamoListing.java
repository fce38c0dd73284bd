package dev.scopedstore.dynamodb;

import dev.scopedstore.CorruptStateException;
import dev.scopedstore.Scope;
import dev.scopedstore.StateId;
import dev.scopedstore.spi.Page;
import dev.scopedstore.spi.PageCursor;
import dev.scopedstore.spi.ScopeFilter;
import dev.scopedstore.spi.StoredState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What {@link DynamoBackend} does scope by scope through its {@link Registry}: the paged
 * listings of states and scopes (one registry {@code Query}, then one {@code Query} per scope,
 * never a Scan), and the touches, label purges and drops that walk the same way.
 */
final class DynamoListing {
    private static final System.Logger LOG = System.getLogger(DynamoBackend.class.getName());

    private final Registry registry;
    private final DynamoWrites writes;
    private final Clock clock;

    DynamoListing(Registry registry, DynamoWrites writes, Clock clock) {
        this.registry = registry;
        this.writes = writes;
        this.clock = clock;
    }

    Page<StoredState> states(ScopeFilter filter, String cursor, int limit) {
        StateId after = cursor == null ? null : PageCursor.lastState(cursor);
        List<StoredState> page = new ArrayList<>(Math.min(limit, 1024));
        for (Iterator<Registry.Entry> scopes = registry.scopes(filter, after == null ? null : after.scope(), true);
             scopes.hasNext(); ) {
            Scope scope = scopes.next().scope();
            String afterKey = after != null && after.scope().equals(scope) ? after.key() : null;
            for (Iterator<Map<String, AttributeValue>> items = registry.items(scope, afterKey); items.hasNext(); ) {
                Map<String, AttributeValue> item = items.next();
                if (!Items.live(item, clock.millis())) {
                    continue;
                }
                if (page.size() == limit) {
                    return new Page<>(page, PageCursor.after(page.get(limit - 1).id()));
                }
                StateId id = Items.id(item);
                try {
                    page.add(Items.state(id, item));
                } catch (CorruptStateException e) {
                    // the others stay listable, as they stay readable
                    LOG.log(System.Logger.Level.WARNING, e.getMessage() + "; left out of the listing");
                }
            }
        }
        return new Page<>(page, null);
    }

    Page<Scope> scopes(ScopeFilter filter, String cursor, int limit) {
        Scope after = cursor == null ? null : PageCursor.lastScope(cursor);
        List<Scope> page = new ArrayList<>(Math.min(limit, 1024));
        for (Iterator<Registry.Entry> scopes = registry.scopes(filter, after, false); scopes.hasNext(); ) {
            Registry.Entry entry = scopes.next();
            if (!registry.hasLiveState(entry.scope(), clock.millis())) {
                registry.prune(entry);
                continue;
            }
            if (page.size() == limit) {
                return new Page<>(page, page.get(limit - 1).canonical());
            }
            page.add(entry.scope());
        }
        return new Page<>(page, null);
    }

    long touchScope(Scope scope) {
        long touched = 0;
        for (Iterator<Map<String, AttributeValue>> items = registry.items(scope, null); items.hasNext(); ) {
            Map<String, AttributeValue> item = items.next();
            if (Items.live(item, clock.millis()) && writes.touch(Items.id(item))) {
                touched++;
            }
        }
        return touched;
    }

    long purgeLabels(Set<String> labels) {
        long deleted = 0;
        for (String label : labels) {
            for (Iterator<Registry.LabelEntry> entries = registry.labelled(label); entries.hasNext(); ) {
                Registry.LabelEntry entry = entries.next();
                if (writes.tombstone(entry.id(), label)) {
                    deleted++;
                }
                registry.unlabel(entry);
            }
        }
        return deleted;
    }

    long dropScope(ScopeFilter filter) {
        long deleted = 0;
        for (Iterator<Registry.Entry> scopes = registry.scopes(filter, null, true); scopes.hasNext(); ) {
            Registry.Entry entry = scopes.next();
            for (Iterator<Map<String, AttributeValue>> items = registry.items(entry.scope(), null); items.hasNext(); ) {
                Map<String, AttributeValue> item = items.next();
                if (Items.live(item, clock.millis()) && writes.tombstone(Items.id(item), null)) {
                    deleted++;
                }
            }
            registry.prune(entry);
        }
        return deleted;
    }
}
