package id.dapur.edge.agent.waste;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Entries of a period, oldest first, with their totals; {@code truncated} only when the list stops short. */
public record WasteList(
        List<WasteEntry> entries,
        List<WasteTotal> totals,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean truncated) {
    public WasteList {
        entries = List.copyOf(entries);
        totals = List.copyOf(totals);
    }
}
