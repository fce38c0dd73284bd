package dev.scopedstore.bench;

import dev.scopedstore.Store;
import java.time.Duration;

/** {@link SessionBenchmark} on DynamoDB ({@code SCOPEDSTORE_TEST_DYNAMODB_ENDPOINT}, else dynalite). */
public class DynamoSessionBenchmark extends SessionBenchmark {
    @Override
    protected Store open() {
        return Store.builder().url("dynamodb://bench_sessions?region=us-east-1&endpoint="
                        + DynamoBenchmark.endpoint())
                .property("accessKeyId", "local").property("secretAccessKey", "local")
                .operationTimeout(Duration.ofSeconds(30)).build();
    }
}
