package id.dapur.edge.agent.waste;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The entries of one sku, name and reason added up: weight, count, cost (left out when none had one), how many. */
public record WasteTotal(
        String sku,
        String name,
        String reason,
        double grams,
        long qty,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double cost,
        long entries) {}
