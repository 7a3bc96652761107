package id.dapur.edge.agent.screens;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.auth.BearerAuth;
import id.dapur.edge.agent.auth.Caller;
import id.dapur.edge.agent.kitchen.ShownTickets;
import id.dapur.edge.agent.kitchen.TicketDesk;
import id.dapur.edge.agent.storage.ScreenRead;
import id.dapur.edge.agent.storage.TicketChange;
import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.agent.support.Json;
import id.dapur.edge.agent.support.Problem;
import id.dapur.edge.config.Role;
import id.dapur.edge.contract.SelfCheck;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One kitchen screen's WebSocket (protocol in docs/kitchen-screens.md). The screen's first message is
 * {@code hello} with its token and the last change it has seen; the agent answers {@code welcome},
 * then the tickets changed since (or a full snapshot), then every change live. Actions go through
 * the same {@link TicketDesk} as MQTT and HTTP. A screen that cannot keep up is disconnected and
 * resyncs when it reconnects, so a slow tablet never makes the agent buffer without bound.
 */
final class ScreenSocket implements ScreenFeed.Screen {
    private static final Logger LOG = LoggerFactory.getLogger(ScreenSocket.class);
    static final int MAX_MESSAGE = 8 * 1024;
    static final int PAGE = 200;
    static final int MAX_DELTA = 2000;
    /** Live changes held while the first sync is read; past this the screen is told to reconnect. */
    static final int MAX_HELD = 5000;

    private final Vertx vertx;
    private final ServerWebSocket ws;
    private final String station;
    private final boolean expo;
    private final KitchenScreens screens;
    private final Clock clock;
    private Caller caller;
    private boolean closed;
    private long helloTimer;
    /**
     * Live changes that arrived while the sync was being read and sent, in commit order; null once
     * the screen is live. Replayed after the sync, less what the sync already showed: without this a
     * change committed after the read but sent before it was wiped by the sync's reset.
     */
    private List<Held> held;

    private record Held(long seq, String message) {}

    ScreenSocket(Vertx vertx, ServerWebSocket ws, String station, boolean expo, KitchenScreens screens, Clock clock) {
        this.vertx = vertx;
        this.ws = ws;
        this.station = station;
        this.expo = expo;
        this.screens = screens;
        this.clock = clock;
    }

    void start() {
        ws.setWriteQueueMaxSize(4 * 1024 * 1024);
        ws.textMessageHandler(this::onMessage);
        ws.binaryMessageHandler(b -> refuse("BINARY_NOT_SUPPORTED", "send JSON text messages"));
        ws.closeHandler(v -> onClose());
        ws.exceptionHandler(e -> LOG.debug("screen socket error [station: {}, error: {}]", station, e.toString()));
        helloTimer = vertx.setTimer(10_000, t -> {
            if (caller == null) {
                close(4400, "no hello within 10 s");
            }
        });
    }

    @Override
    public String station() {
        return station;
    }

    @Override
    public boolean seesAll() {
        return expo;
    }

    @Override
    public void send(String json) {
        if (closed) {
            return;
        }
        if (ws.writeQueueFull()) {
            LOG.warn("screen too slow; disconnected, it will resync [station: {}]", station);
            close(4008, "too slow; reconnect and resync");
            return;
        }
        SelfCheck.frame("screen-frame", json);
        ws.writeTextMessage(json);
    }

    @Override
    public void ticket(long seq, String message) {
        if (held == null) {
            send(message);
        } else if (held.size() < MAX_HELD) {
            held.add(new Held(seq, message));
        } else {
            LOG.warn(
                    "screen sync took too long; disconnected, it will resync [station: {}, held: {}]",
                    station,
                    held.size());
            close(4008, "sync took too long; reconnect and resync");
        }
    }

    /** After the sync read at {@code readAt} is sent: the held changes it does not show, then live. */
    private void live(long readAt) {
        List<Held> replay = held;
        held = null;
        for (Held h : replay) {
            if (h.seq() > readAt) {
                send(h.message());
            }
        }
    }

    private void onMessage(String text) {
        if (text.length() > MAX_MESSAGE) {
            refuse("PAYLOAD_TOO_LARGE", "a screen message may be at most " + MAX_MESSAGE + " bytes");
            return;
        }
        JsonNode msg;
        try {
            msg = Json.tree(text);
        } catch (RuntimeException e) {
            refuse("INVALID_JSON", "a screen message must be a JSON object");
            return;
        }
        String type = msg.path("type").asText();
        if (caller == null && !"hello".equals(type)) {
            close(4401, "say hello with a token first");
            return;
        }
        switch (type) {
            case "hello" -> hello(msg);
            case "action" -> action(msg);
            case "shown" -> shown(msg);
            case "ping" -> send("{\"type\":\"pong\",\"serverTime\":" + clock.millis() + "}");
            default ->
                refuse("UNKNOWN_MESSAGE", "unknown message type '" + type + "'; expected hello, action, shown or ping");
        }
    }

    private void hello(JsonNode msg) {
        if (caller != null) {
            refuse("ALREADY_PAIRED", "hello was already said on this connection");
            return;
        }
        vertx.cancelTimer(helloTimer);
        String address =
                ws.remoteAddress() == null ? "unknown" : ws.remoteAddress().hostAddress();
        BearerAuth.Login login = screens.auth().login(address, msg.path("token").asText(""), "ws");
        if (login instanceof BearerAuth.LockedOut l) {
            send(Json.write(Map.of(
                    "type",
                    "error",
                    "code",
                    "TOO_MANY_FAILED_LOGINS",
                    "message",
                    "too many failed logins from this address; try again in " + l.retryAfterSeconds() + " s",
                    "retryAfter",
                    l.retryAfterSeconds())));
            close(4429, "too many failed logins");
            return;
        }
        Caller c = login instanceof BearerAuth.Granted g ? g.caller() : null;
        if (!KitchenScreens.mayWatch(c, station)) {
            String why = c == null
                    ? "this token is not valid at this outlet"
                    : "this token belongs to "
                            + (c.station() == null ? "role " + c.role().wireName() : "station " + c.station())
                            + ", not to station " + station;
            send(Json.write(Map.of("type", "error", "code", "UNAUTHORIZED", "message", why)));
            close(4401, "unauthorized");
            return;
        }
        caller = c;
        long since = Math.max(0, msg.path("since").asLong(0));
        String instance = msg.path("instance").asText("");
        held = new ArrayList<>();
        screens.feed().add(this); // live changes are held from here until the sync below is sent
        screens.instanceId()
                .compose(id -> {
                    send(Json.write(screens.welcome(station, id, clock.millis())));
                    send(screens.feed().alertsMessage());
                    screens.feed().stateMessages().forEach(this::send);
                    if (since > 0 && id.equals(instance)) {
                        return screens.store()
                                .changedSince(expo ? null : station, since, MAX_DELTA + 1)
                                .compose(read -> {
                                    if (read.changes().size() > MAX_DELTA) {
                                        return snapshot();
                                    }
                                    sendChanges(read, false);
                                    return Future.<Void>succeededFuture();
                                });
                    }
                    return snapshot();
                })
                .onFailure(e -> {
                    LOG.warn("screen could not be synced [station: {}, error: {}]", station, e.toString());
                    close(1011, "storage unavailable; try again");
                });
    }

    private Future<Void> snapshot() {
        return screens.store()
                .screenSnapshot(expo ? null : station, clock.instant().minus(screens.recallWindow()))
                .map(read -> {
                    sendChanges(read, true);
                    return null;
                });
    }

    /** In pages of {@value #PAGE}; the last page says {@code complete}. */
    private void sendChanges(ScreenRead read, boolean reset) {
        if (closed) {
            return;
        }
        List<TicketChange> changes = read.changes();
        int pages = Math.max(1, (changes.size() + PAGE - 1) / PAGE);
        for (int p = 0; p < pages; p++) {
            StringBuilder sb = new StringBuilder(256 + PAGE * 512);
            sb.append("{\"type\":\"sync\",\"reset\":")
                    .append(reset && p == 0)
                    .append(",\"complete\":")
                    .append(p == pages - 1)
                    .append(",\"seq\":")
                    .append(read.readAt())
                    .append(",\"tickets\":[");
            List<TicketChange> page = changes.subList(p * PAGE, Math.min(changes.size(), (p + 1) * PAGE));
            for (int i = 0; i < page.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append("{\"seq\":")
                        .append(page.get(i).seq())
                        .append(",\"ticket\":")
                        .append(page.get(i).json())
                        .append('}');
            }
            send(sb.append("]}").toString());
        }
        live(read.readAt());
    }

    private void action(JsonNode msg) {
        String actionId = msg.path("actionId").asText(null);
        byte[] body = Json.bytes(msg);
        String allowed = caller.role() == Role.ADMIN ? null : caller.station();
        screens.desk().act(body, "ws:" + caller.name(), allowed, null).onComplete(ar -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("type", "result");
            out.put("actionId", actionId);
            out.put("ok", ar.succeeded());
            if (ar.failed()) {
                Problem p = ar.cause() instanceof Problem.Failure f
                        ? f.problem()
                        : Problem.of(
                                ErrorCode.STORAGE_UNAVAILABLE, "the action could not be stored; it will be sent again");
                out.put("error", Map.of("code", p.code(), "message", p.message(), "retryable", p.retryable()));
            }
            send(Json.write(out));
        });
    }

    /** Display receipts: tickets this screen has rendered. */
    private void shown(JsonNode msg) {
        List<String> ids;
        try {
            ids = ShownTickets.parse(msg);
        } catch (Problem.Failure f) {
            refuse(f.problem().code(), f.problem().message());
            return;
        }
        screens.shown()
                .shown(station, ids)
                .onFailure(e -> LOG.warn(
                        "display receipt not stored; the screen reports again when it"
                                + " reconnects [station: {}, tickets: {}, error: {}]",
                        station,
                        ids.size(),
                        e.toString()));
    }

    private void refuse(String code, String message) {
        send(Json.write(Map.of("type", "error", "code", code, "message", message)));
    }

    private void close(int code, String reason) {
        if (!closed) {
            closed = true;
            ws.close((short) code, reason);
        }
    }

    private void onClose() {
        closed = true;
        screens.socketClosed();
        vertx.cancelTimer(helloTimer);
        if (caller != null) {
            screens.feed().remove(this);
        }
    }
}
