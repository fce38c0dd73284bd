package dev.scopedstore.dynamodb;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Builds one {@code UpdateItem}. Every attribute name and value goes through expression
 * attribute names ({@code #x}) and values ({@code :x}); nothing a caller gives is ever spliced
 * into an expression.
 */
final class Update {
    /** The {@code SET} clauses of {@link #record}, the same on every write. */
    private static final String RECORD = recordClauses();
    /** The condition of {@link #unrecorded}, the same on every write. */
    private static final String UNRECORDED = unrecordedCondition();

    private final StringBuilder set = new StringBuilder(512);
    private final StringBuilder remove = new StringBuilder(64);
    private final Map<String, String> names = new HashMap<>(32);
    private final Map<String, AttributeValue> values = new HashMap<>(32);
    private String condition;
    private int fields;
    private boolean oldOnFailure;

    /** @return {@code #name}, registered for the attribute */
    String name(String attribute) {
        String alias = Items.alias(attribute);
        names.put(alias, attribute);
        return alias;
    }

    /** @return a fresh {@code #fN}, registered for a name from a value (a field of an object) */
    String field(String name) {
        String alias = "#f" + fields++;
        names.put(alias, name);
        return alias;
    }

    /** @return {@code :alias}, bound to the value */
    String value(String alias, AttributeValue value) {
        values.put(":" + alias, value);
        return ":" + alias;
    }

    String number(String alias, long n) {
        return value(alias, AttributeValue.fromN(Long.toString(n)));
    }

    Update set(String clause) {
        set.append(set.length() == 0 ? "" : ", ").append(clause);
        return this;
    }

    /** Removes the attribute behind an alias already registered (by {@link #field}). */
    Update removeAlias(String alias) {
        remove.append(remove.length() == 0 ? "" : ", ").append(alias);
        return this;
    }

    Update remove(String attribute) {
        remove.append(remove.length() == 0 ? "" : ", ").append(name(attribute));
        return this;
    }

    Update condition(String expression) {
        condition = expression;
        return this;
    }

    /** Registers {@code #value}, {@code #expires_ms} and {@code :now}: the item holds a live state. */
    String live(long now) {
        return "attribute_exists(" + name(Items.VALUE) + ") AND (attribute_not_exists("
                + name(Items.EXPIRES_MS) + ") OR " + name(Items.EXPIRES_MS) + " > " + number("now", now) + ")";
    }

    /** The negation of {@link #live}. */
    String notLive(long now) {
        return "attribute_not_exists(" + name(Items.VALUE) + ") OR " + name(Items.EXPIRES_MS)
                + " <= " + number("now", now);
    }

    /**
     * Records {@code writeId} as the item's newest write: {@code w0} takes it, {@code w1} to
     * {@code w7} take the previous {@code w0} to {@code w6} (every operand is read from the item
     * before the update), and the oldest id drops out.
     */
    Update record(String writeId) {
        value("wid", AttributeValue.fromS(writeId));
        for (String recent : Items.RECENT) {
            name(recent);
        }
        return set(RECORD);
    }

    /** @return a condition that {@code writeId} is not among the item's recorded writes */
    String unrecorded(String writeId) {
        value("wid", AttributeValue.fromS(writeId));
        for (String recent : Items.RECENT) {
            name(recent);
        }
        return UNRECORDED;
    }

    private static String recordClauses() {
        String[] recent = Items.RECENT;
        StringBuilder clauses = new StringBuilder();
        for (int i = recent.length - 1; i > 0; i--) {
            clauses.append(Items.alias(recent[i])).append(" = if_not_exists(")
                    .append(Items.alias(recent[i - 1])).append(", :wid), ");
        }
        return clauses.append(Items.alias(recent[0])).append(" = :wid").toString();
    }

    private static String unrecordedCondition() {
        StringBuilder c = new StringBuilder();
        for (String recent : Items.RECENT) {
            c.append(c.length() == 0 ? "" : " AND ").append(Items.alias(recent)).append(" <> :wid");
        }
        return c.toString();
    }

    /** Asks for the item as it was when the condition failed, in the exception (where supported). */
    Update oldOnFailure() {
        oldOnFailure = true;
        return this;
    }

    /**
     * @param override per-request settings (the operation timeout on an application's client),
     *     or {@code null}
     */
    UpdateItemRequest request(String table, Map<String, AttributeValue> key, ReturnValue returns,
                              AwsRequestOverrideConfiguration override) {
        StringBuilder expression = new StringBuilder(set.length() + remove.length() + 16);
        if (set.length() > 0) {
            expression.append("SET ").append(set);
        }
        if (remove.length() > 0) {
            expression.append(expression.length() > 0 ? " " : "").append("REMOVE ").append(remove);
        }
        UpdateItemRequest.Builder b = UpdateItemRequest.builder().tableName(table).key(key)
                .updateExpression(expression.toString()).expressionAttributeNames(names)
                .returnValues(returns).overrideConfiguration(override);
        if (!values.isEmpty()) {
            b.expressionAttributeValues(values);
        }
        if (condition != null) {
            b.conditionExpression(condition);
            if (oldOnFailure) {
                b.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
            }
        }
        return b.build();
    }
}
