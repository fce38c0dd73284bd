/** The DynamoDB backend of Scoped Store: one table, native attribute values, AWS SDK v2. */
module dev.scopedstore.dynamodb {
    requires transitive dev.scopedstore;
    requires transitive software.amazon.awssdk.services.dynamodb;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.auth;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.http.urlconnection;
    requires software.amazon.awssdk.retries.api;
    requires software.amazon.awssdk.identity.spi;

    exports dev.scopedstore.dynamodb;

    provides dev.scopedstore.spi.StateBackendProvider with dev.scopedstore.dynamodb.DynamoBackendProvider;
}
