package id.dapur.edge.agent.screens;

import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.support.Json;
import id.dapur.edge.agent.storage.OutboxEntry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every committed ticket change, fanned out to the screens connected to the agent: a station's
 * screens get their station's tickets, expo screens get all. Fed by the storage writer after each
 * commit, in commit order, independent of the MQTT broker: screens stay live with the broker down.
 * Also knows since when a station has had no screen connected. Runs on one Vert.x context.
 */
public final class ScreenFeed {
    /** A connected, authenticated screen. */
    interface Screen {
        String station();

        /** Expo screens see every station's tickets. */
        boolean seesAll();

        void send(String json);

        /** A committed ticket change, numbered {@code seq}, as the message {@link #ticketMessage} made. */
        void ticket(long seq, String message);
    }

    private final Context context;
    private final Clock clock;
    private final String ticketsPrefix;
    private String alertsMessage = "{\"type\":\"alerts\",\"alerts\":[]}";
    private final Map<String, Set<Screen>> byStation = new HashMap<>();
    private final Set<Screen> allStations = new LinkedHashSet<>();
    private final Map<String, Instant> unwatchedSince = new java.util.concurrent.ConcurrentHashMap<>(); // read by the storage writer

    public ScreenFeed(Vertx vertx, Topics topics, List<String> stations, Clock clock) {
        this.context = vertx.getOrCreateContext();
        this.clock = clock;
        this.ticketsPrefix = topics.root() + "/kds/";
        Instant now = clock.instant();
        stations.forEach(s -> unwatchedSince.put(s, now));
    }

    /** Called by the storage writer thread after a commit, before anything is published. */
    public void committed(List<OutboxEntry> entries) {
        List<OutboxEntry> tickets = new ArrayList<>();
        for (OutboxEntry e : entries) {
            if (stationOf(e.topic()) != null) {
                tickets.add(e);
            }
        }
        if (!tickets.isEmpty()) {
            context.runOnContext(v -> tickets.forEach(this::dispatch));
        }
    }

    private void dispatch(OutboxEntry e) {
        String station = stationOf(e.topic());
        Set<Screen> screens = byStation.get(station);
        if (screens == null && allStations.isEmpty()) {
            return;
        }
        String message = ticketMessage(e.seq(), e.payload());
        if (screens != null) {
            screens.forEach(s -> {
                if (!s.seesAll()) {
                    s.ticket(e.seq(), message);
                }
            });
        }
        allStations.forEach(s -> s.ticket(e.seq(), message));
    }

    /** {@code {"type":"ticket","seq":N,"ticket":{...}}}, the ticket JSON passed through as committed. */
    static String ticketMessage(long seq, String ticketJson) {
        return "{\"type\":\"ticket\",\"seq\":" + seq + ",\"ticket\":" + ticketJson + "}";
    }

    /** The station of a {@code kds/<station>/tickets} topic, or null. */
    private String stationOf(String topic) {
        if (!topic.startsWith(ticketsPrefix) || !topic.endsWith("/tickets")) {
            return null;
        }
        return topic.substring(ticketsPrefix.length(), topic.length() - "/tickets".length());
    }

    void add(Screen s) {
        byStation.computeIfAbsent(s.station(), k -> new LinkedHashSet<>()).add(s);
        if (s.seesAll()) {
            allStations.add(s);
        }
        unwatchedSince.remove(s.station());
    }

    void remove(Screen s) {
        Set<Screen> set = byStation.get(s.station());
        if (set != null && set.remove(s) && set.isEmpty()) {
            byStation.remove(s.station());
            unwatchedSince.put(s.station(), clock.instant());
        }
        allStations.remove(s);
    }

    /** The open alerts, shown as a banner on every screen: sent to each screen as it connects and on every change. */
    public void alerts(List<Map<String, Object>> open) {
        alertsMessage = Json.write(Map.of("type", "alerts", "alerts", open));
        broadcast(alertsMessage);
    }

    String alertsMessage() {
        return alertsMessage;
    }

    /** Sends to every connected screen (the heartbeat that lets a screen notice a dead link). */
    void broadcast(String json) {
        byStation.values().forEach(set -> set.forEach(s -> s.send(json)));
    }

    /** Screens connected to a station now. */
    public int screens(String station) {
        Set<Screen> set = byStation.get(station);
        return set == null ? 0 : set.size();
    }

    /** Since when the station has had no screen (since start if it never had one); null while one is connected. */
    public Instant unwatchedSince(String station) {
        return unwatchedSince.get(station);
    }
}
