package dev.scopedstore.dynamodb;

import dev.scopedstore.StoreConfigurationException;
import dev.scopedstore.spi.BackendContext;
import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The settings of a DynamoDB store, from {@code dynamodb://<table>?option=value} and the
 * store's properties (which win).
 *
 * @param table the table ({@code scoped_state} when the URL names none)
 * @param region the region, or {@code null} for the SDK's default chain
 * @param endpoint an endpoint override (a local emulator), or {@code null}
 * @param accessKeyId static credentials, or {@code null} for the SDK's default chain
 * @param secretAccessKey the secret of {@code accessKeyId}; never printed
 * @param createTable whether to create a missing table
 * @param pollInterval how often the change feed polls subscribed scopes
 * @param operationTimeout how long one operation may take
 */
record DynamoConfig(String table, String region, URI endpoint, String accessKeyId,
                    String secretAccessKey, boolean createTable, Duration pollInterval,
                    Duration operationTimeout) {
    static final String DEFAULT_TABLE = "scoped_state";
    static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    private static final Pattern TABLE = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");

    static DynamoConfig from(BackendContext context) {
        String url = context.url();
        String rest = url.substring("dynamodb:".length());
        if (rest.startsWith("//")) {
            rest = rest.substring(2);
        }
        int query = rest.indexOf('?');
        String table = (query < 0 ? rest : rest.substring(0, query)).replaceAll("/+$", "");
        table = context.option("table", table.isEmpty() ? DEFAULT_TABLE : table);
        if (!TABLE.matcher(table).matches()) {
            throw new StoreConfigurationException("DynamoDB table name '" + table + "' is invalid:"
                    + " 3 to 255 of a-z A-Z 0-9 _ . -, as in dynamodb://scoped_state?region=eu-west-1");
        }
        String endpointText = context.option("endpoint", null);
        URI endpoint = null;
        if (endpointText != null) {
            try {
                endpoint = URI.create(endpointText);
                if (endpoint.getScheme() == null || endpoint.getHost() == null) {
                    throw new IllegalArgumentException("needs a scheme and a host");
                }
            } catch (IllegalArgumentException e) {
                throw new StoreConfigurationException("option endpoint=" + endpointText
                        + " is not a URL such as http://127.0.0.1:4567: " + e.getMessage());
            }
        }
        boolean createTable = context.booleanOption("createTable", true);
        Duration poll = context.durationOption("pollInterval", DEFAULT_POLL_INTERVAL);
        if (poll.isZero()) {
            throw new StoreConfigurationException("option pollInterval must be positive");
        }
        String key = context.option("accessKeyId", null);
        String secret = context.option("secretAccessKey", null);
        if ((key == null) != (secret == null)) {
            throw new StoreConfigurationException("options accessKeyId and secretAccessKey go together");
        }
        return new DynamoConfig(table, context.option("region", null), endpoint, key, secret,
                createTable, poll, context.operationTimeout());
    }

    /** @return the settings without the secret */
    @Override
    public String toString() {
        return "DynamoConfig{table=" + table + ", region=" + region + ", endpoint=" + endpoint
                + ", createTable=" + createTable + ", pollInterval=" + pollInterval + "}";
    }
}
