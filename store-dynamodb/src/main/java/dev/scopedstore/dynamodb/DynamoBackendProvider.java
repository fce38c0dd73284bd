package dev.scopedstore.dynamodb;

import dev.scopedstore.StoreConfigurationException;
import dev.scopedstore.spi.BackendContext;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.StateBackendProvider;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Serves {@code dynamodb://<table>?region=eu-west-1&endpoint=http://127.0.0.1:4567}: builds a
 * {@link DynamoDbClient} on the light {@code url-connection-client}, makes sure the table exists,
 * and opens a {@link DynamoBackend} that closes the client when it closes. Not on any hot path.
 *
 * <p>Credentials: the options {@code accessKeyId} and {@code secretAccessKey}; else, for an
 * endpoint on a loopback address (an emulator), the dummy pair {@code local}/{@code local};
 * else the SDK's default chain, resolved here so that a machine without credentials fails at
 * once with {@link StoreConfigurationException} saying how to give them. Region: the option
 * {@code region}; else {@code us-east-1} with an endpoint (an emulator ignores it); else the
 * SDK's region chain, failing the same way when it finds none.
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
        b.region(region(config));
        if (config.endpoint() != null) {
            b.endpointOverride(config.endpoint());
        }
        b.credentialsProvider(credentials(config));
        return b.build();
    }

    private static Region region(DynamoConfig config) {
        if (config.region() != null) {
            return Region.of(config.region());
        }
        if (config.endpoint() != null) {
            return Region.US_EAST_1; // an emulator ignores it; the SDK needs one
        }
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException e) {
            throw new StoreConfigurationException("no AWS region was found: add region=… to the URL"
                    + " (dynamodb://" + config.table() + "?region=eu-west-1), or set AWS_REGION or a"
                    + " profile's region for the AWS SDK");
        }
    }

    private static AwsCredentialsProvider credentials(DynamoConfig config) {
        if (config.accessKeyId() != null) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey()));
        }
        if (config.endpoint() != null && isLoopback(config.endpoint())) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        }
        DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
        try {
            chain.resolveCredentials();
            return chain;
        } catch (SdkClientException e) {
            chain.close();
            throw new StoreConfigurationException("no AWS credentials were found: give the options"
                    + " accessKeyId and secretAccessKey, or set them up for the AWS SDK's default"
                    + " chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile in"
                    + " ~/.aws/credentials, or the role of the instance or container)");
        }
    }

    /** Whether the endpoint's host is this machine, by name or address, without a lookup. */
    private static boolean isLoopback(URI endpoint) {
        String host = endpoint.getHost();
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+|\\[[0-9a-fA-F:.]+]")) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
