package dev.scopedstore.dynamodb;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Builds one {@code UpdateItem}. Every attribute name and value goes through expression
 * attribute names ({@code #x}) and values ({@code :x}); nothing a caller gives is ever spliced
 * into an expression.
 */
final class Update {
    private final StringBuilder set = new StringBuilder();
    private final StringBuilder remove = new StringBuilder();
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, AttributeValue> values = new HashMap<>();
    private String condition;

    /** @return {@code #name}, registered for the attribute */
    String name(String attribute) {
        String alias = "#" + attribute;
        names.put(alias, attribute);
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

    UpdateItemRequest request(String table, Map<String, AttributeValue> key, ReturnValue returns) {
        StringBuilder expression = new StringBuilder();
        if (set.length() > 0) {
            expression.append("SET ").append(set);
        }
        if (remove.length() > 0) {
            expression.append(expression.length() > 0 ? " " : "").append("REMOVE ").append(remove);
        }
        UpdateItemRequest.Builder b = UpdateItemRequest.builder().tableName(table).key(key)
                .updateExpression(expression.toString()).expressionAttributeNames(names)
                .returnValues(returns);
        if (!values.isEmpty()) {
            b.expressionAttributeValues(values);
        }
        if (condition != null) {
            b.conditionExpression(condition);
        }
        return b.build();
    }
}
