package id.dapur.edge.agent.waste;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.agent.support.Json;
import id.dapur.edge.agent.support.Payloads;
import id.dapur.edge.agent.support.Problem;
import id.dapur.edge.config.MenuConfig;
import id.dapur.edge.config.StaffConfig;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A waste entry as asked for: {@code {"wasteId", "sku"?, "name", "reason", "grams"?,
 * "qty"?, "scale"?, "staffId"?}}. At least one of grams, qty and scale; with a sku of a configured
 * menu, {@code name} may be left out (the menu's name is used). Unknown fields are refused.
 */
public record WasteRequest(
        String wasteId,
        String sku,
        String name,
        Reason reason,
        Double grams,
        Integer qty,
        String scale,
        String staffId) {
    static final ErrorCode CODE = ErrorCode.INVALID_WASTE;
    static final double MAX_GRAMS = 1_000_000;
    static final int MAX_QTY = 10_000;
    private static final Set<String> FIELDS =
            Set.of("wasteId", "sku", "name", "reason", "grams", "qty", "scale", "staffId");

    public enum Reason {
        SPOILED,
        EXPIRED,
        OVERCOOKED,
        DROPPED,
        RETURNED,
        OTHER
    }

    /** Whether the weight is to be taken from the scale. */
    public boolean weighs() {
        return scale != null && grams == null;
    }

    /** The request's own content, canonical: the same content again is a retry, other content a conflict. */
    public String canonical() {
        Map<String, Object> m = new TreeMap<>();
        m.put("wasteId", wasteId);
        m.put("sku", sku);
        m.put("name", name);
        m.put("reason", reason.name());
        m.put("grams", grams);
        m.put("qty", qty);
        m.put("scale", scale);
        m.put("staffId", staffId);
        m.values().removeIf(Objects::isNull);
        return Json.write(m);
    }

    public static WasteRequest parse(JsonNode o, MenuConfig menu, StaffConfig staff, Set<String> scales) {
        o.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                throw Payloads.invalid(CODE, f, "is not a field of a waste entry")
                        .asFailure();
            }
        });
        String wasteId = Payloads.id(o, "wasteId", "wasteId", CODE);
        String sku = Payloads.text(o, "sku", "sku", CODE, false, 64);
        if (sku != null && !MenuConfig.SKU.matcher(sku).matches()) {
            throw Payloads.invalid(CODE, "sku", "must be 1-64 characters of A-Z a-z 0-9 . _ : -")
                    .asFailure();
        }
        if (sku != null && menu.catalogued() && menu.item(sku).isEmpty()) {
            throw Problem.of(ErrorCode.UNKNOWN_SKU, "sku " + sku + " is not on the menu")
                    .withDetail("field", "sku")
                    .asFailure();
        }
        String name = Payloads.text(o, "name", "name", CODE, false, 128);
        if (name == null || name.isBlank()) {
            name = sku == null
                    ? null
                    : menu.item(sku).map(MenuConfig.Item::name).orElse(null);
            if (name == null) {
                throw Payloads.invalid(CODE, "name", "is required").asFailure();
            }
        }
        String r = Payloads.text(o, "reason", "reason", CODE, true, 16);
        Reason reason;
        try {
            reason = Reason.valueOf(r);
        } catch (IllegalArgumentException e) {
            throw Payloads.invalid(
                            CODE, "reason", "must be one of SPOILED, EXPIRED, OVERCOOKED, DROPPED, RETURNED, OTHER")
                    .asFailure();
        }
        Double grams = null;
        JsonNode g = o.get("grams");
        if (g != null && !g.isNull()) {
            if (!g.isNumber() || !(g.doubleValue() > 0) || g.doubleValue() > MAX_GRAMS) {
                throw Payloads.invalid(CODE, "grams", "must be a number above 0 and at most " + (long) MAX_GRAMS)
                        .asFailure();
            }
            grams = Math.round(g.doubleValue() * 10) / 10.0;
        }
        Integer qty = null;
        JsonNode q = o.get("qty");
        if (q != null && !q.isNull()) {
            if (!q.canConvertToInt() || !q.isIntegralNumber() || q.intValue() < 1 || q.intValue() > MAX_QTY) {
                throw Payloads.invalid(CODE, "qty", "must be a whole number from 1 to " + MAX_QTY)
                        .asFailure();
            }
            qty = q.intValue();
        }
        String scale = Payloads.text(o, "scale", "scale", CODE, false, 32);
        if (scale != null && !scales.contains(scale)) {
            throw Problem.of(ErrorCode.UNKNOWN_SCALE, "no scale " + scale)
                    .withDetail("field", "scale")
                    .asFailure();
        }
        if (grams == null && qty == null && scale == null) {
            throw Payloads.invalid(CODE, "grams", "or qty or scale is required: weigh it, type its weight or count it")
                    .asFailure();
        }
        String staffId = Payloads.text(o, "staffId", "staffId", CODE, false, 32);
        if (staffId != null && staff.member(staffId).isEmpty()) {
            throw Problem.of(ErrorCode.UNKNOWN_STAFF, "no staff member " + staffId)
                    .withDetail("field", "staffId")
                    .asFailure();
        }
        return new WasteRequest(wasteId, sku, name, reason, grams, qty, scale, staffId);
    }
}
