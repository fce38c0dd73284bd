package dev.scopedstore.dynamodb;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds a {@link DynamoBackend} around the application's own client, which the backend never
 * closes: {@code Store.builder().backend(DynamoBackend.builder(client).table("states").build())}.
 * Give the store and the backend the same clock.
 *
 * <p>The client keeps its own retry policy, and writes stay applied at most once under it: a
 * native atomic operation is conditioned on its writer lane's number (see {@code Lanes}), so a request
 * the SDK re-sends after a lost reply is never applied again; a plain conditional write records
 * its id on the item (the last {@value Items#RECENT_WRITES} ids) and, when its condition fails,
 * is checked for its own id, so a re-sent one that had applied is reported as done. Every
 * request carries the operation timeout as its API call timeout, retries included.
 */
public final class DynamoBackendBuilder {
    private final DynamoDbClient client;
    private String table = DynamoConfig.DEFAULT_TABLE;
    private Clock clock = Clock.systemUTC();
    private Duration operationTimeout = Duration.ofSeconds(5);
    private Duration pollInterval = DynamoConfig.DEFAULT_POLL_INTERVAL;
    private boolean createTable = true;

    DynamoBackendBuilder(DynamoDbClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** @param table the table; default {@code scoped_state} @return this */
    public DynamoBackendBuilder table(String table) {
        this.table = Objects.requireNonNull(table, "table");
        return this;
    }

    /** @param clock the clock expiry follows, the store's @return this */
    public DynamoBackendBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** @param timeout how long one operation may take @return this */
    public DynamoBackendBuilder operationTimeout(Duration timeout) {
        this.operationTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /** @param interval how often the change feed polls @return this */
    public DynamoBackendBuilder pollInterval(Duration interval) {
        this.pollInterval = Objects.requireNonNull(interval, "interval");
        return this;
    }

    /** @param create whether to create a missing table (default true) @return this */
    public DynamoBackendBuilder createTable(boolean create) {
        this.createTable = create;
        return this;
    }

    /**
     * @return the backend, with its table created if missing and allowed
     * @throws dev.scopedstore.StoreConfigurationException if the table is missing and may not
     *     be created
     * @throws dev.scopedstore.BackendUnavailableException if DynamoDB does not answer
     */
    public DynamoBackend build() {
        DynamoConfig config = new DynamoConfig(table, null, null, null, null, createTable,
                pollInterval, operationTimeout);
        TableSetup.ensure(client, config);
        return new DynamoBackend(config, client, false, clock);
    }
}
