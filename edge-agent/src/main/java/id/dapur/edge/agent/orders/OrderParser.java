package id.dapur.edge.agent.orders;

import static id.dapur.edge.agent.support.Payloads.id;
import static id.dapur.edge.agent.support.Payloads.invalid;
import static id.dapur.edge.agent.support.Payloads.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.agent.support.Payloads;
import id.dapur.edge.agent.support.Problem;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The one validation path for orders from MQTT and HTTP. Throws {@link Problem.Failure}
 * with code {@code INVALID_ORDER} (or a payload code) naming the first field that is wrong.
 */
public final class OrderParser {
    public static final int MAX_ITEMS = 200;
    /** JSON bytes of fields this version does not know, kept per order and per line (the rest is dropped). */
    static final int MAX_UNKNOWN_BYTES = 2048;

    static final Set<String> ORDER_FIELDS =
            Set.of("orderId", "source", "channel", "table", "customer", "note", "placedAt", "items");
    static final Set<String> LINE_FIELDS =
            Set.of("lineId", "sku", "name", "qty", "category", "modifiers", "note", "allergens", "course", "price");
    static final ErrorCode CODE = ErrorCode.INVALID_ORDER;

    private OrderParser() {}

    public static Order parse(byte[] payload) {
        return parse(Payloads.parseObject(payload));
    }

    /** The order id if the payload has a readable one, so a rejection can be addressed to it. */
    public static String orderIdOrNull(JsonNode node) {
        JsonNode v = node == null ? null : node.get("orderId");
        return v != null && v.isTextual() && Payloads.ID.matcher(v.asText()).matches() ? v.asText() : null;
    }

    public static Order parse(JsonNode o) {
        String orderId = id(o, "orderId", "orderId", CODE);
        String source = text(o, "source", "source", CODE, true, 64);
        String ch = text(o, "channel", "channel", CODE, true, 16);
        Channel channel;
        try {
            channel = Channel.valueOf(ch);
        } catch (IllegalArgumentException e) {
            throw invalid(CODE, "channel", "must be one of " + Channel.names()).asFailure();
        }
        String table = text(o, "table", "table", CODE, false, 32);
        String customer = null;
        String displayName = null;
        JsonNode cust = o.get("customer");
        if (cust != null && cust.isObject()) {
            displayName = text(cust, "displayName", "customer.displayName", CODE, false, 32);
            Payloads.capUnknown(cust, Set.of("displayName"), MAX_UNKNOWN_BYTES);
        } else {
            customer = text(o, "customer", "customer", CODE, false, 128);
        }
        String note = text(o, "note", "note", CODE, false, 500);
        Instant placedAt = instant(text(o, "placedAt", "placedAt", CODE, true, 40));
        JsonNode items = o.get("items");
        if (items == null || !items.isArray() || items.isEmpty()) {
            throw invalid(CODE, "items", "must be a list of 1 to " + MAX_ITEMS + " lines")
                    .asFailure();
        }
        if (items.size() > MAX_ITEMS) {
            throw invalid(CODE, "items", "has " + items.size() + " lines; at most " + MAX_ITEMS + " are allowed")
                    .asFailure();
        }
        List<OrderLine> lines = new ArrayList<>(items.size());
        Set<String> lineIds = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            OrderLine line = line(items.get(i), "items[" + i + "]");
            if (!lineIds.add(line.lineId())) {
                throw invalid(CODE, "items[" + i + "].lineId", "'" + line.lineId() + "' is used twice in this order")
                        .asFailure();
            }
            lines.add(line);
        }
        Payloads.capUnknown(o, ORDER_FIELDS, MAX_UNKNOWN_BYTES);
        for (JsonNode it : items) {
            Payloads.capUnknown(it, LINE_FIELDS, MAX_UNKNOWN_BYTES);
        }
        return new Order(orderId, source, channel, table, customer, displayName, note, placedAt, lines, o);
    }

    private static OrderLine line(JsonNode it, String p) {
        if (!it.isObject()) {
            throw invalid(CODE, p, "must be an object").asFailure();
        }
        String lineId = text(it, "lineId", p + ".lineId", CODE, true, 32);
        if (!Payloads.ID.matcher(lineId).matches()) {
            throw invalid(CODE, p + ".lineId", "must be 1-32 characters of A-Z a-z 0-9 . _ : -")
                    .asFailure();
        }
        String sku = text(it, "sku", p + ".sku", CODE, false, 64);
        String name = text(it, "name", p + ".name", CODE, true, 128);
        JsonNode q = it.get("qty");
        if (q == null || !q.isIntegralNumber() || !q.canConvertToInt() || q.intValue() < 1 || q.intValue() > 999) {
            throw invalid(CODE, p + ".qty", "must be a whole number from 1 to 999")
                    .asFailure();
        }
        String category = text(it, "category", p + ".category", CODE, true, 64);
        List<String> modifiers = strings(it, "modifiers", p, 20, 128);
        String note = text(it, "note", p + ".note", CODE, false, 500);
        List<String> allergens = strings(it, "allergens", p, 20, 32);
        int course = 1;
        JsonNode c = it.get("course");
        if (c != null && !c.isNull()) {
            if (!c.isIntegralNumber() || !c.canConvertToInt() || c.intValue() < 1 || c.intValue() > 9) {
                throw invalid(CODE, p + ".course", "must be a whole number from 1 to 9")
                        .asFailure();
            }
            course = c.intValue();
        }
        JsonNode price = it.get("price"); // extension: unit price, for receipts (docs/printing.md)
        if (price != null
                && !price.isNull()
                && (!price.isNumber()
                        || price.decimalValue().signum() < 0
                        || price.decimalValue().compareTo(java.math.BigDecimal.valueOf(1_000_000_000L)) > 0
                        || price.decimalValue().stripTrailingZeros().scale() > 2)) {
            throw invalid(CODE, p + ".price", "must be a number from 0 to 1000000000 with at most 2 decimals")
                    .asFailure();
        }
        return new OrderLine(lineId, sku, name, q.intValue(), category, modifiers, note, allergens, course);
    }

    private static List<String> strings(JsonNode it, String field, String p, int maxItems, int maxLen) {
        JsonNode v = it.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray() || v.size() > maxItems) {
            throw invalid(CODE, p + "." + field, "must be a list of at most " + maxItems + " strings")
                    .asFailure();
        }
        List<String> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode s = v.get(i);
            String text = s.isTextual() ? Payloads.clean(s.asText()) : null;
            if (text == null || text.isBlank() || text.length() > maxLen) {
                throw invalid(
                                CODE,
                                p + "." + field + "[" + i + "]",
                                "must be a string of 1 to " + maxLen + " characters")
                        .asFailure();
            }
            if (!text.equals(s.asText())) {
                ((ArrayNode) v).set(i, text);
            }
            out.add(text);
        }
        return out;
    }

    private static Instant instant(String s) {
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (Exception e) {
            throw invalid(CODE, "placedAt", "must be an ISO-8601 date-time with offset, like 2026-11-23T07:00:00Z")
                    .asFailure();
        }
    }
}
