package id.dapur.edge.agent.screens;

import id.dapur.edge.agent.support.AgentMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a station's new tickets must go to paper because nobody can see them: all its screens
 * have been gone longer than {@code kitchen.printWhenScreensDownAfter} (or it never had one).
 * Asked by the print planner on the storage writer thread; thread-safe.
 */
public final class UnattendedStations {
    private static final Logger LOG = LoggerFactory.getLogger(UnattendedStations.class);
    private final ScreenFeed feed;
    private final Duration after;
    private final AgentMetrics metrics;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    public UnattendedStations(ScreenFeed feed, Duration after, AgentMetrics metrics) {
        this.feed = feed;
        this.after = after;
        this.metrics = metrics;
    }

    /** True when a new ticket of this station needs paper; counts it and warns once per outage. */
    public boolean needsPaper(String station, Instant now) {
        Instant since = feed.unwatchedSince(station);
        if (since == null) {
            warned.remove(station);
            return false;
        }
        if (Duration.between(since, now).compareTo(after) < 0) {
            return false;
        }
        if (warned.add(station)) {
            LOG.warn(
                    "station has no screen; its new tickets go to the fallback printer, if one is set [station: {}, since: {}]",
                    station,
                    since);
        }
        metrics.counter("dapur.kds.unattended.tickets", "station", station).increment();
        return true;
    }
}
