package id.dapur.edge.agent.waste;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A waste entry as stored, answered and mirrored to the cloud (the contract's WasteEntry): what was
 * thrown away, why, its weight or count, who and where, and its cost when the menu knows it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WasteEntry(
        String wasteId,
        Instant at,
        String sku,
        String name,
        String reason,
        Double grams,
        Integer qty,
        String scale,
        String staffId,
        String station,
        Double cost) {

    /** The item an entry counts for: its sku, or its name when it has none. */
    String itemKey() {
        return sku != null ? sku : "name:" + name;
    }

    /** How a report names the item. */
    String itemLabel() {
        return sku != null ? name + " (" + sku + ")" : name;
    }
}
