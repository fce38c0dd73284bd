/**
 * The DynamoDB backend of Scoped Store: every state is one item of one table (partition key =
 * canonical scope, sort key = state key) holding its value as native attribute values, written
 * by conditional {@code UpdateItem}s through the AWS SDK v2.
 *
 * <p>Open it with {@code Store.open("dynamodb://scoped_state?region=eu-west-1")} (found through
 * {@link dev.scopedstore.dynamodb.DynamoBackendProvider}), or around the application's own
 * client with {@link dev.scopedstore.dynamodb.DynamoBackend#builder}. Numeric {@code ADD},
 * {@code SUBTRACT_FROM} and list {@code APPEND} atomic operations run natively; every write carries an
 * id (and every atomic operation a writer-lane number) recorded on the item, so that none is applied
 * twice when a request is re-sent.
 */
package dev.scopedstore.dynamodb;
