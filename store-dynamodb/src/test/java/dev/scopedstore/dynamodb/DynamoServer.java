package dev.scopedstore.dynamodb;

import dev.scopedstore.testkit.TestServers;
import static org.junit.jupiter.api.Assertions.fail;

import dev.scopedstore.Store;
import dev.scopedstore.StoreBuilder;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * The DynamoDB the tests use: {@code SCOPEDSTORE_TEST_DYNAMODB_ENDPOINT} (an emulator such as
 * dynalite, as {@code .ci/run} starts it), with fake static credentials. Without it the tests
 * are skipped, and under {@code CI=true} they fail.
 */
final class DynamoServer {
    static final String VARIABLE = "SCOPEDSTORE_TEST_DYNAMODB_ENDPOINT";
    private static final String HOW = "set " + VARIABLE + "=http://127.0.0.1:4567 and start dynalite:"
            + " (cd store-dynamodb/emulator && npm ci && node_modules/.bin/dynalite --host 127.0.0.1"
            + " --port 4567 --createTableMs 0 --deleteTableMs 0 --updateTableMs 0), or run .ci/run";

    private DynamoServer() {
    }

    /** @return the endpoint; skips the test without one, fails it under {@code CI=true} */
    static String endpoint() {
        return TestServers.fromEnvironment(VARIABLE, HOW);
    }

    static String url(String table) {
        return "dynamodb://" + table + "?region=us-east-1&endpoint=" + endpoint();
    }

    static StoreBuilder builder(String table) {
        return Store.builder().url(url(table)).property("accessKeyId", "local")
                .property("secretAccessKey", "local").property("pollInterval", "200ms");
    }

    static DynamoDbClient client() {
        return builder().build();
    }

    /** @return a client with the SDK's default retry policy and one interceptor */
    static DynamoDbClient client(ExecutionInterceptor interceptor) {
        return builder().overrideConfiguration(o -> o.addExecutionInterceptor(interceptor)).build();
    }

    private static DynamoDbClientBuilder builder() {
        return DynamoDbClient.builder().endpointOverride(URI.create(endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
    }

    static void dropTable(String table) {
        try (DynamoDbClient client = client()) {
            client.deleteTable(b -> b.tableName(table));
        } catch (ResourceNotFoundException gone) {
            // never created
        }
    }
}
