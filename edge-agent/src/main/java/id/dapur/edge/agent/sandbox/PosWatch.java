package id.dapur.edge.agent.sandbox;

import static id.dapur.edge.agent.sandbox.SandboxTexts.canonical;
import static id.dapur.edge.agent.sandbox.SandboxTexts.look;
import static id.dapur.edge.agent.sandbox.SandboxTexts.plain;
import static id.dapur.edge.agent.sandbox.SandboxTexts.seconds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.messaging.broker.BrokerTap;
import id.dapur.edge.contract.Contract;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What the sandbox sees of a POS and judges it by: every message it sends checked against the
 * contract's schemas, every order id followed from its first send through its resends to the answer
 * that reached the POS, and the faults (one per chosen new order) it lived through. It says what it
 * sees as it happens ({@code say}) and sums it up in a {@link SandboxReport}. Thread-safe: the broker
 * and the HTTP API call it from their own threads.
 */
public final class PosWatch {
    /** How the POS sent something. */
    public enum Via {
        MQTT,
        HTTP
    }

    /** A send of an order: its id (null when it has none) and the fault to inflict on it (null: none). */
    public record Attempt(String orderId, Fault fault) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Problems kept word for word; past this only counted. */
    static final int MAX_PROBLEMS = 500;
    /** Orders followed; past this new ones are only counted (a sandbox run is minutes, not days). */
    static final int MAX_ORDERS = 20_000;
    /** A resend this soon after the previous send (with no answer between) is too quick. */
    static final Duration TOO_QUICK = Duration.ofMillis(500);
    /** A send this soon after the answer reached the POS may have been on its way already. */
    static final Duration IN_FLIGHT = Duration.ofSeconds(1);

    private record Subscription(String user, boolean clean, Set<String> filters) {}

    private final Topics topics;
    private final Clock clock;
    private final Duration resendWithin;
    private final FaultPlan plan;
    private final Consumer<String> say;
    private final Set<String> posUsers;
    private final Instant started;
    private final Map<String, OrderTrack> orders = new LinkedHashMap<>();
    private final Map<String, Subscription> sessions = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Long> counts = new TreeMap<>();
    private final Set<String> qosZero = new LinkedHashSet<>();
    private final Set<String> deaf = new LinkedHashSet<>();
    private final List<String> refusals = new ArrayList<>();
    private int invalid;
    private int problemsDropped;
    private boolean restarting;
    private Runnable restart = () -> {};

    /**
     * @param posUsers the MQTT accounts (and HTTP token names) of the POS under test; others are not watched
     * @param resendWithin how long a POS has to send an order again after a fault
     */
    public PosWatch(
            Topics topics,
            Set<String> posUsers,
            FaultPlan plan,
            Duration resendWithin,
            Clock clock,
            Consumer<String> say) {
        this.topics = topics;
        this.posUsers = Set.copyOf(posUsers);
        this.plan = plan;
        this.resendWithin = resendWithin;
        this.clock = clock;
        this.say = say;
        this.started = clock.instant();
    }

    /** What to run when a {@link Fault#RESTART} is due (the order stored, its ACCEPTED withheld). */
    public synchronized void onRestart(Runnable restart) {
        this.restart = restart;
    }

    /** Asks for {@code fault} on the POS's next new order (the page's buttons). */
    public synchronized void ask(Fault fault) {
        plan.ask(fault);
        say.accept("the next new order gets the fault: " + fault.what());
    }

    public boolean watches(String user) {
        return posUsers.contains(user);
    }

    // ---- what the POS sends

    /**
     * An order as the POS sent it, before the agent sees it: checked against the schema and followed
     * by its id. Returns the fault to inflict on this send, or null to let it through as it is.
     */
    public synchronized Attempt order(Via via, String who, int qos, byte[] payload) {
        count("sends." + via.name().toLowerCase());
        Instant now = clock.instant();
        JsonNode node = parse(payload);
        if (node == null) {
            invalid(via, who, "an order", "is not a JSON object");
            return new Attempt(null, null);
        }
        List<String> schema = Contract.get().validate("order", node);
        String id = node.path("orderId").isTextual() ? node.path("orderId").asText() : null;
        String name = id == null ? "an order without an orderId" : "order " + id;
        if (!schema.isEmpty()) {
            invalid(via, who, name, String.join("; ", plain(schema)));
        }
        if (via == Via.MQTT && qos == 0 && (id == null || !orders.containsKey(id))) {
            qosZero.add(id == null ? "(no orderId)" : id);
            problem(
                    name
                            + " was published at QoS 0: the broker may lose it without anyone knowing; publish orders at QoS 1");
        }
        if (id == null) {
            return new Attempt(null, null);
        }
        OrderTrack t = orders.get(id);
        if (t == null) {
            return new Attempt(id, first(via, who, id, node, schema.isEmpty(), now));
        }
        resend(t, canonical(node), now);
        return new Attempt(id, null);
    }

    private Fault first(Via via, String who, String id, JsonNode node, boolean valid, Instant now) {
        if (orders.size() >= MAX_ORDERS) {
            count("orders.unfollowed");
            return null;
        }
        OrderTrack t = new OrderTrack(id, canonical(node), look(node), via, who, now);
        orders.put(id, t);
        count("orders");
        for (OrderTrack o : orders.values()) {
            if (o != t
                    && o.look.equals(t.look)
                    && o.answer == null
                    && Duration.between(o.first, now).compareTo(resendWithin.multipliedBy(2)) <= 0) {
                t.doubleOf = o.orderId;
                problem("order " + id + " has the same lines as order " + o.orderId + ", which had no answer yet"
                        + (o.fault != null ? " (" + o.fault.what() + ")" : "") + ": a POS that hears nothing must send "
                        + o.orderId
                        + " again with its own orderId; a new id makes a second order in the kitchen");
                break;
            }
        }
        if (via == Via.MQTT && !listening(who, id)) {
            deaf.add(id);
            problem("order " + id + " was published by " + who + ", which is not subscribed to "
                    + topics.orderEvents(id) + " (or orders/+/events): it cannot hear ACCEPTED, DUPLICATE or REJECTED");
        }
        if (valid && t.doubleOf == null) {
            t.fault = plan.next(restarting);
            if (t.fault != null) {
                t.faultAt = now;
                count("faults." + t.fault.wire());
                say.accept("fault on order " + id + " (" + via + "): " + t.fault.what()
                        + "; waiting for the POS to send it again");
            }
        }
        return t.fault;
    }

    private void resend(OrderTrack t, String content, Instant now) {
        t.sends++;
        count("resends");
        if (!content.equals(t.content)) {
            if (!t.changed) {
                problem("order " + t.orderId
                        + " was sent again with other content: a resend must be the same order, byte for byte in"
                        + " meaning (the agent answers ORDER_CONFLICT); keep placedAt and every line as they were");
            }
            t.changed = true;
        } else if ("REJECTED".equals(t.answer)) {
            if (t.resendsAfterRejected++ == 0) {
                problem("order " + t.orderId + " was sent again unchanged after REJECTED " + t.rejectCode
                        + ": a rejected order must be fixed, not resent");
            }
        } else if (t.taken() && Duration.between(t.answeredAt, now).compareTo(IN_FLIGHT) > 0) {
            if (t.sendsAfterAnswer++ == 0) {
                problem("order " + t.orderId + " was sent again after the POS got " + t.answer
                        + ": an order is done once it is answered");
            }
        } else if (t.answer == null && Duration.between(t.lastSend, now).compareTo(TOO_QUICK) < 0) {
            t.quickResends++;
        }
        if (t.fault != null && t.resentAt == null && now.isAfter(t.faultAt) && content.equals(t.content)) {
            t.resentAt = now;
            say.accept("order " + t.orderId + " sent again " + seconds(Duration.between(t.faultAt, now))
                    + " after the fault, same id and content");
        }
        t.lastSend = now;
    }

    /** Something else the POS sent ({@code what}: a topic or a route) with the schema it must match (null: no body). */
    public synchronized void other(Via via, String who, String what, String schema, byte[] payload) {
        count("sends." + via.name().toLowerCase());
        if (schema == null) {
            return;
        }
        JsonNode node = parse(payload);
        if (node == null) {
            invalid(via, who, what, "is not a JSON object");
            return;
        }
        List<String> p = Contract.get().validate(schema, node);
        if (!p.isEmpty()) {
            invalid(via, who, what, String.join("; ", plain(p)));
        }
    }

    /** A publish the broker refused, or the connection it closed for what the POS sent. */
    public synchronized void refused(String who, String topic, String why) {
        refusals.add(topic + ": " + why);
        problem(who + " published on " + topic + ": " + why);
    }

    // ---- what the POS hears

    /**
     * The agent's answer to an order is on its way to the POS ({@code event}: ACCEPTED, DUPLICATE or
     * REJECTED; other events pass untouched). Returns false when it must not arrive (a fault).
     */
    public synchronized boolean answer(String orderId, String event, String code, String message) {
        OrderTrack t = orders.get(orderId);
        if (t == null || !(event.equals("ACCEPTED") || event.equals("DUPLICATE") || event.equals("REJECTED"))) {
            return true;
        }
        Instant now = clock.instant();
        if (event.equals("REJECTED")) {
            if (t.fault != null && t.resentAt == null) {
                say.accept("order " + t.orderId + " was rejected (" + code
                        + "), so its fault proves nothing; the next order gets it");
                plan.again(t.fault);
                t.fault = null;
            }
            t.answer = event;
            t.answeredAt = now;
            t.rejectCode = code;
            t.rejectMessage = message;
            count("answers.rejected");
            problem("order " + orderId + " was REJECTED " + code + ": " + message);
            return true;
        }
        boolean faulted = t.fault == Fault.WITHHOLD || t.fault == Fault.RESTART;
        if (faulted && t.resentAt == null && event.equals("ACCEPTED")) {
            count("answers.withheld");
            if (t.fault == Fault.RESTART && !restarting) {
                restarting = true;
                say.accept("restarting the agent (order " + orderId + " is stored; its ACCEPTED is withheld)");
                restart.run();
            }
            return false;
        }
        t.answer = event;
        t.answeredAt = now;
        count("answers." + event.toLowerCase());
        if (t.fault != null && t.survived()) {
            say.accept("order " + orderId + " got " + event + ": the POS survived " + t.fault.wire());
        }
        return true;
    }

    // ---- the POS's MQTT sessions

    public synchronized void connected(String clientId, String user, boolean clean) {
        sessions.compute(
                clientId, (k, s) -> s == null || clean ? new Subscription(user, clean, new LinkedHashSet<>()) : s);
        count("connects");
    }

    public synchronized void disconnected(String clientId, boolean graceful) {
        Subscription s = sessions.get(clientId);
        if (s != null && s.clean()) {
            sessions.remove(clientId);
        }
        count(graceful ? "disconnects" : "connections.lost");
    }

    public synchronized void subscribed(String clientId, String user, String filter, int code) {
        if (code == 0x80) {
            refusals.add(filter + ": subscription refused");
            problem(user + " subscribed to " + filter
                    + ", which a POS may not read: the SUBACK says 0x80 and nothing arrives");
            return;
        }
        sessions.computeIfAbsent(clientId, k -> new Subscription(user, true, new LinkedHashSet<>()))
                .filters()
                .add(filter);
    }

    private boolean listening(String user, String orderId) {
        String topic = topics.orderEvents(orderId);
        for (Subscription s : sessions.values()) {
            if (s.user().equals(user) && s.filters().stream().anyMatch(f -> BrokerTap.matches(f, topic))) {
                return true;
            }
        }
        return false;
    }

    /** The agent is back after a restart: the broker (and every session it held) is new. */
    public synchronized void restarted() {
        restarting = false;
        sessions.clear();
        count("restarts");
        say.accept("the agent is back; the POS must connect again, subscribe again and send what it has no answer for");
    }

    // ---- summing up

    /** How many orders were followed, and whether each is settled: answered, or its fault judged. */
    public synchronized boolean settled(int wanted) {
        if (orders.size() < wanted || restarting) {
            return false;
        }
        Instant now = clock.instant();
        for (OrderTrack t : orders.values()) {
            boolean open = t.answer == null || t.fault != null && !t.survived();
            if (open
                    && Duration.between(t.fault != null ? t.faultAt : t.lastSend, now)
                                    .compareTo(resendWithin)
                            < 0) {
                return false;
            }
        }
        return true;
    }

    public synchronized SandboxReport report(boolean ended) {
        return new PosWatchReport(
                        orders.values(),
                        counts,
                        invalid,
                        qosZero,
                        deaf,
                        problems,
                        problemsDropped,
                        started,
                        resendWithin)
                .build(ended, clock.instant());
    }

    // ---- helpers

    private void invalid(Via via, String who, String what, String why) {
        invalid++;
        problem(what + " from " + who + " (" + via + ") does not match the contract: " + why);
    }

    private void problem(String text) {
        say.accept("PROBLEM: " + text);
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(text);
        } else {
            problemsDropped++;
        }
    }

    private void count(String name) {
        counts.merge(name, 1L, Long::sum);
    }

    private static JsonNode parse(byte[] payload) {
        try {
            JsonNode n = JSON.readTree(payload);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }
}
