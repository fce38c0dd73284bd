package dev.scopedstore.dynamodb;

import dev.scopedstore.StoreConfigurationException;
import dev.scopedstore.spi.Pause;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** Opening: checks the table, or creates it ({@code PAY_PER_REQUEST}) and waits until active. */
final class TableSetup {
    private static final System.Logger LOG = System.getLogger(TableSetup.class.getName());

    private TableSetup() {
    }

    static void ensure(DynamoDbClient client, DynamoConfig config) {
        Calls calls = new Calls(config.operationTimeout(), config.table(), true);
        String table = config.table();
        TableStatus status;
        boolean created = false;
        try {
            status = calls.read("a table check", () -> client.describeTable(b -> b.tableName(table)
                    .overrideConfiguration(calls.perRequest())))
                    .table().tableStatus();
        } catch (ResourceNotFoundException missing) {
            if (!config.createTable()) {
                throw new StoreConfigurationException("DynamoDB table " + table + " does not exist"
                        + " and createTable=false; create it as docs/dynamodb.md shows");
            }
            create(client, calls, table);
            created = true;
            status = TableStatus.CREATING;
        }
        long deadline = System.nanoTime() + Math.max(60_000_000_000L, config.operationTimeout().toNanos());
        while (status != TableStatus.ACTIVE && status != TableStatus.UPDATING) {
            if (System.nanoTime() > deadline) {
                throw calls.unavailable("activation of the new table", new IllegalStateException(
                        "table " + table + " is " + status));
            }
            sleep();
            status = calls.read("a table check", () -> client.describeTable(b -> b.tableName(table)
                    .overrideConfiguration(calls.perRequest())))
                    .table().tableStatus();
        }
        if (created) {
            enableTtl(client, table);
        }
    }

    private static void create(DynamoDbClient client, Calls calls, String table) {
        try {
            calls.read("a table creation", () -> client.createTable(b -> b.tableName(table).overrideConfiguration(calls.perRequest())
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName(Items.PK).attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName(Items.SK).attributeType(ScalarAttributeType.S).build())
                    .keySchema(
                            KeySchemaElement.builder().attributeName(Items.PK).keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName(Items.SK).keyType(KeyType.RANGE).build())));
        } catch (ResourceInUseException racedByAnotherProcess) {
            // created meanwhile: wait for it like for our own
        }
    }

    private static void enableTtl(DynamoDbClient client, String table) {
        try {
            client.updateTimeToLive(b -> b.tableName(table).timeToLiveSpecification(s -> s
                    .attributeName(Items.EXPIRES_AT).enabled(true)));
        } catch (SdkException unsupported) {
            // e.g. an emulator without the TTL API: expiry still holds, filtered on every read
            LOG.log(System.Logger.Level.DEBUG, "DynamoDB TTL not enabled on " + table, unsupported);
        }
    }

    private static void sleep() {
        Pause.sleep(200, () -> new StoreConfigurationException("interrupted while waiting for a DynamoDB table"));
    }
}
