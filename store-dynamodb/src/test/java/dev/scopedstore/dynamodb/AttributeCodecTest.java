package dev.scopedstore.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The encoding, without a server: exact numbers, every JSON type, DynamoDB's item sizes. */
class AttributeCodecTest {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private static JsonNode roundTrip(String json) throws Exception {
        return AttributeCodec.decode(AttributeCodec.encode(JSON.readTree(json)));
    }

    @Test
    void everyJsonTypeRoundTrips() throws Exception {
        String json = "{\"s\":\"x #:.[ y\",\"b\":true,\"n\":null,\"l\":[1,\"a\",[false]],\"m\":{\"k\":{}},\"e\":\"\"}";
        assertEquals(JSON.readTree(json), roundTrip(json));
    }

    @Test
    void numbersStayExact() throws Exception {
        assertEquals(Long.MAX_VALUE, roundTrip(Long.toString(Long.MAX_VALUE)).longValue());
        assertEquals(Long.MIN_VALUE, roundTrip(Long.toString(Long.MIN_VALUE)).longValue());
        assertEquals((1L << 53) + 1, roundTrip(Long.toString((1L << 53) + 1)).longValue());
        assertTrue(roundTrip("7").isInt());
        assertEquals("12345678901234567890.123456789",
                roundTrip("12345678901234567890.123456789").decimalValue().toPlainString());
        assertEquals(0, new BigDecimal("1E-30").compareTo(roundTrip("1E-30").decimalValue()));
        assertEquals("0.1", AttributeCodec.encode(JSON.readTree("0.1")).n());
        assertEquals("99999999999999999999", AttributeCodec.encode(JSON.readTree("99999999999999999999")).n());
    }

    @Test
    void sizesFollowDynamoDbsRules() {
        assertEquals(3, AttributeCodec.size(AttributeValue.fromS("abc")));
        assertEquals(3 + 2 * (1 + 2), AttributeCodec.size(AttributeValue.fromL(java.util.List.of(
                AttributeValue.fromN("1"), AttributeValue.fromN("2")))));
        assertEquals(4, AttributeCodec.size(AttributeValue.fromS("é€".substring(0, 1) + "ab")));
    }
}
