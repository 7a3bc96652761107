package id.dapur.edge.agent.orders;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.agent.support.Payloads;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** {@code {"orderId", "lineIds"?: [..], "reason"}}: no lineIds voids the whole order. */
public record VoidRequest(String orderId, List<String> lineIds, String reason) {
    static final ErrorCode CODE = ErrorCode.INVALID_VOID;

    public VoidRequest {
        lineIds = List.copyOf(lineIds);
    }

    public boolean wholeOrder() {
        return lineIds.isEmpty();
    }

    public static VoidRequest parse(JsonNode o) {
        String orderId = Payloads.id(o, "orderId", "orderId", CODE);
        String reason = Payloads.text(o, "reason", "reason", CODE, true, 200);
        List<String> lineIds = new ArrayList<>();
        JsonNode ids = o.get("lineIds");
        if (ids != null && !ids.isNull()) {
            if (!ids.isArray() || ids.isEmpty() || ids.size() > OrderParser.MAX_ITEMS) {
                throw Payloads.invalid(
                                CODE,
                                "lineIds",
                                "must be a list of 1 to 200 line ids (leave it out to void the whole order)")
                        .asFailure();
            }
            LinkedHashSet<String> seen = new LinkedHashSet<>();
            for (int i = 0; i < ids.size(); i++) {
                JsonNode v = ids.get(i);
                if (!v.isTextual() || !Payloads.ID.matcher(v.asText()).matches()) {
                    throw Payloads.invalid(CODE, "lineIds[" + i + "]", "must be a line id")
                            .asFailure();
                }
                seen.add(v.asText());
            }
            lineIds.addAll(seen);
        }
        return new VoidRequest(orderId, lineIds, reason);
    }
}
