package id.dapur.edge.agent.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * How the kitchen did in a period (the contract's H2AnalyticsStore): ticket times per station, per item,
 * per cook, tickets per hour and per part of the day. A percentile is left out where nothing was
 * measured.
 */
public record TicketAnalytics(
        Instant from,
        Instant to,
        List<Station> stations,
        List<Item> items,
        List<Staff> staff,
        List<Hour> hours,
        List<Daypart> dayparts) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Station(String station, long tickets, Integer p50Seconds, Integer p90Seconds, long late) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(String sku, String name, long count, Integer p50Seconds, Integer p90Seconds) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Staff(String staffId, long bumps, Integer p50Seconds) {}

    public record Hour(int hour, long tickets) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Daypart(String daypart, long tickets, Integer p50Seconds, Integer p90Seconds) {}

    /** A recent late ticket: its id, station, how long it took and who bumped it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Late(String ticketId, String station, int seconds, String by) {}

    /** The most recent late tickets, newest first. */
    public record LateTickets(List<Late> recent) {}
}
