package id.dapur.edge.agent.screens;

import id.dapur.edge.agent.alerts.Alert;
import id.dapur.edge.agent.kitchen.TicketChanged;
import id.dapur.edge.agent.support.Json;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
    private String alertsMessage = "{\"type\":\"alerts\",\"alerts\":[]}";
    private final Map<String, String> states = new LinkedHashMap<>();
    private final Map<String, Set<Screen>> byStation = new HashMap<>();
    private final Set<Screen> allStations = new LinkedHashSet<>();
    private final Map<String, Instant> unwatchedSince = new ConcurrentHashMap<>(); // read by the storage writer

    public ScreenFeed(Vertx vertx, List<String> stations, Clock clock) {
        this.context = vertx.getOrCreateContext();
        this.clock = clock;
        Instant now = clock.instant();
        stations.forEach(s -> unwatchedSince.put(s, now));
    }

    /** Called by the storage writer thread after a commit, before anything is published to the broker. */
    public void committed(List<TicketChanged> changes) {
        context.runOnContext(v -> changes.forEach(this::dispatch));
    }

    private void dispatch(TicketChanged c) {
        Set<Screen> screens = byStation.get(c.station());
        if (screens == null && allStations.isEmpty()) {
            return;
        }
        String message = ticketMessage(c.seq(), c.json(), clock.instant());
        if (screens != null) {
            screens.forEach(s -> {
                if (!s.seesAll()) {
                    s.ticket(c.seq(), message);
                }
            });
        }
        allStations.forEach(s -> s.ticket(c.seq(), message));
    }

    /**
     * {@code {"type":"ticket","seq":N,"sentAt":ms,"ticket":{...}}}, the ticket JSON passed through as
     * committed; {@code sentAt} (epoch ms, to the microsecond) is when the agent handed the change to its
     * screens, so a page can tell the agent's part of a delay from the network's and its own.
     */
    static String ticketMessage(long seq, String ticketJson, Instant now) {
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        return "{\"type\":\"ticket\",\"seq\":" + seq + ",\"sentAt\":" + micros / 1000 + "."
                + String.format("%03d", micros % 1000) + ",\"ticket\":" + ticketJson + "}";
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
    public void alerts(List<Alert> open) {
        alertsMessage = Json.write(Map.of("type", "alerts", "alerts", open));
        broadcast(alertsMessage);
    }

    String alertsMessage() {
        return alertsMessage;
    }

    /**
     * Outlet-wide state every screen shows (the 86 board, the kitchen load): the latest message of
     * each {@code type} is sent to each screen as it connects, and each new one to all. Any thread.
     */
    public void state(String type, Map<String, Object> body) {
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("type", type);
        msg.putAll(body);
        String json = Json.write(msg);
        context.runOnContext(v -> {
            states.put(type, json);
            broadcast(json);
        });
    }

    Collection<String> stateMessages() {
        return states.values();
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
