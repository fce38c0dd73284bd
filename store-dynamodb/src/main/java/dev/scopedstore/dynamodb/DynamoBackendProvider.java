package dev.scopedstore.dynamodb;

import dev.scopedstore.spi.BackendContext;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.StateBackendProvider;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Serves {@code dynamodb://<table>?region=eu-west-1&endpoint=http://127.0.0.1:4567}: builds a
 * {@link DynamoDbClient} on the light {@code url-connection-client} (default credentials and
 * region chains unless options say otherwise), makes sure the table exists, and opens a
 * {@link DynamoBackend} that closes the client when it closes. Not on any hot path.
 */
public final class DynamoBackendProvider implements StateBackendProvider {
    /** Found by {@link java.util.ServiceLoader}; does nothing until {@link #open}. */
    public DynamoBackendProvider() {
    }

    @Override
    public String scheme() {
        return "dynamodb";
    }

    @Override
    public StateBackend open(BackendContext context) {
        DynamoConfig config = DynamoConfig.from(context);
        DynamoDbClient client = client(config);
        try {
            TableSetup.ensure(client, config);
            return new DynamoBackend(config, client, true, context.clock());
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private static DynamoDbClient client(DynamoConfig config) {
        Duration timeout = config.operationTimeout();
        Duration connect = timeout.compareTo(Duration.ofSeconds(2)) < 0 ? timeout : Duration.ofSeconds(2);
        DynamoDbClientBuilder b = DynamoDbClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(connect).socketTimeout(timeout))
                // one attempt per request: DynamoBackend retries only what cannot double-apply
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD)
                        .retryStrategy(r -> r.maxAttempts(1)).apiCallTimeout(timeout));
        if (config.region() != null) {
            b.region(Region.of(config.region()));
        } else if (config.endpoint() != null) {
            b.region(Region.US_EAST_1); // an emulator ignores it; the SDK needs one
        }
        if (config.endpoint() != null) {
            b.endpointOverride(config.endpoint());
        }
        if (config.accessKeyId() != null) {
            b.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey())));
        }
        return b.build();
    }
}
