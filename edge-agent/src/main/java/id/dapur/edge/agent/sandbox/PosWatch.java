package id.dapur.edge.agent.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.messaging.broker.BrokerTap;
import id.dapur.edge.contract.Contract;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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

    /** One order id as the POS sent it, and what became of it. */
    static final class Track {
        final String orderId;
        final String content;
        final String look;
        final Via via;
        final String who;
        final Instant first;
        Instant lastSend;
        int sends = 1;
        Fault fault;
        Instant faultAt;
        Instant resentAt;
        String answer;
        Instant answeredAt;
        String rejectCode;
        String rejectMessage;
        boolean changed;
        String doubleOf;
        int sendsAfterAnswer;
        int resendsAfterRejected;
        int quickResends;

        Track(String orderId, String content, String look, Via via, String who, Instant at) {
            this.orderId = orderId;
            this.content = content;
            this.look = look;
            this.via = via;
            this.who = who;
            this.first = at;
            this.lastSend = at;
        }

        /** The POS got ACCEPTED or DUPLICATE. */
        boolean taken() {
            return "ACCEPTED".equals(answer) || "DUPLICATE".equals(answer);
        }

        /** The fault is behind it: the same order was sent again and answered, or (a dropped MQTT connection) the answer reached its session. */
        boolean survived() {
            if (fault == null || !taken()) {
                return false;
            }
            if (resentAt != null && !answeredAt.isBefore(resentAt)) {
                return true;
            }
            return fault == Fault.DROP && via == Via.MQTT && answeredAt.isAfter(faultAt);
        }
    }

    private record Subscription(String user, boolean clean, Set<String> filters) {}

    private final Topics topics;
    private final Clock clock;
    private final Duration resendWithin;
    private final FaultPlan plan;
    private final Consumer<String> say;
    private final Set<String> posUsers;
    private final Instant started;
    private final Map<String, Track> orders = new LinkedHashMap<>();
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
        Track t = orders.get(id);
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
        Track t = new Track(id, canonical(node), look(node), via, who, now);
        orders.put(id, t);
        count("orders");
        for (Track o : orders.values()) {
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

    private void resend(Track t, String content, Instant now) {
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
        Track t = orders.get(orderId);
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
        for (Track t : orders.values()) {
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
        Instant now = clock.instant();
        List<SandboxReport.Check> checks = new ArrayList<>();
        long sends = counts.getOrDefault("sends.mqtt", 0L) + counts.getOrDefault("sends.http", 0L);
        checks.add(check(
                "messages-valid",
                "every message the POS sent matches the contract's schemas",
                sends == 0,
                invalid == 0,
                invalid + " of " + sends
                        + " messages did not match their schema (orders: schemas/order.schema.json; voids:"
                        + " schemas/void-request.schema.json)",
                sends + " messages, all valid",
                List.of()));
        List<String> rejected = orders.values().stream()
                .filter(t -> "REJECTED".equals(t.answer))
                .map(t -> t.orderId + ": " + t.rejectCode + " " + t.rejectMessage)
                .toList();
        long taken = orders.values().stream().filter(Track::taken).count();
        checks.add(check(
                "orders-accepted",
                "the agent accepted the POS's orders",
                orders.isEmpty(),
                rejected.isEmpty() && taken > 0,
                rejected.size() + " of " + orders(orders.size()) + " were REJECTED",
                orders(taken) + " accepted",
                rejected));
        boolean mqtt = orders.values().stream().anyMatch(t -> t.via == Via.MQTT);
        checks.add(check(
                "mqtt-qos",
                "orders are published at QoS 1",
                !mqtt,
                qosZero.isEmpty(),
                were(qosZero.size()) + " published at QoS 0, which a broker may lose silently",
                "every order at QoS 1 or 2",
                List.copyOf(qosZero)));
        checks.add(check(
                "mqtt-listens",
                "the POS listens for its orders' answers before it publishes them",
                !mqtt,
                deaf.isEmpty(),
                were(deaf.size()) + " published with no subscription to their orders/<orderId>/events",
                "subscribed before every order",
                List.copyOf(deaf)));
        for (Fault f : Fault.values()) {
            checks.add(fault(f, now, ended));
        }
        List<String> changed = orders.values().stream()
                .filter(t -> t.changed)
                .map(t -> t.orderId)
                .toList();
        long resent = counts.getOrDefault("resends", 0L);
        checks.add(check(
                "same-content",
                "a resend carries the same order",
                resent == 0,
                changed.isEmpty(),
                were(changed.size()) + " sent again with other content (ORDER_CONFLICT)",
                resent + " resends, each the same order",
                changed));
        List<String> doubles = orders.values().stream()
                .filter(t -> t.doubleOf != null)
                .map(t -> t.orderId + " repeats " + t.doubleOf)
                .toList();
        checks.add(check(
                "no-doubles",
                "no order was sent twice under two ids",
                orders.isEmpty(),
                doubles.isEmpty(),
                orders(doubles.size()) + (doubles.size() == 1 ? " looks" : " look")
                        + " like a second copy of an order that had no answer yet",
                "no second copies",
                doubles));
        List<String> after = orders.values().stream()
                .filter(t -> t.sendsAfterAnswer > 0)
                .map(t -> t.orderId)
                .toList();
        checks.add(check(
                "stops-when-answered",
                "an answered order is not sent again",
                taken == 0,
                after.isEmpty(),
                were(after.size()) + " sent again after ACCEPTED or DUPLICATE reached the POS",
                "none sent again once answered",
                after));
        List<String> again = orders.values().stream()
                .filter(t -> t.resendsAfterRejected > 0)
                .map(t -> t.orderId)
                .toList();
        checks.add(check(
                "rejected-not-resent",
                "a rejected order is not resent unchanged",
                rejected.isEmpty(),
                again.isEmpty(),
                were(again.size()) + " resent unchanged after REJECTED",
                "no rejected order resent",
                again));
        List<String> quick = orders.values().stream()
                .filter(t -> t.quickResends > 0)
                .map(t -> t.orderId)
                .toList();
        SandboxReport.Check pace = check(
                "resend-pace",
                "resends wait a few seconds, longer each time",
                resent == 0,
                quick.isEmpty(),
                were(quick.size()) + " resent less than " + TOO_QUICK.toMillis() + " ms after the previous send",
                "resends paced",
                quick);
        if (pace.status() == SandboxReport.Status.FAIL) {
            pace = new SandboxReport.Check(
                    pace.name(), pace.title(), SandboxReport.Status.WARN, pace.detail(), pace.examples());
        }
        checks.add(pace);
        List<String> kept = new ArrayList<>(problems);
        if (problemsDropped > 0) {
            kept.add("(" + problemsDropped + " more problems not kept)");
        }
        return SandboxReport.of(started, now, new TreeMap<>(counts), checks, kept);
    }

    private SandboxReport.Check fault(Fault f, Instant now, boolean ended) {
        List<Track> hit = orders.values().stream().filter(t -> t.fault == f).toList();
        if (hit.isEmpty()) {
            return new SandboxReport.Check(
                    "survives-" + f.wire(),
                    "survives: " + f.what(),
                    SandboxReport.Status.NOT_TESTED,
                    "not injected (sandbox --faults " + f.wire() + ", or the page's button)",
                    List.of());
        }
        List<String> failed = new ArrayList<>();
        int waiting = 0;
        for (Track t : hit) {
            if (t.survived()) {
                continue;
            }
            boolean late = ended || Duration.between(t.faultAt, now).compareTo(resendWithin) >= 0;
            if (!late) {
                waiting++;
            } else if (t.changed) {
                failed.add(t.orderId + ": sent again with other content");
            } else if (t.resentAt == null) {
                Track copy = orders.values().stream()
                        .filter(o -> t.orderId.equals(o.doubleOf))
                        .findFirst()
                        .orElse(null);
                failed.add(t.orderId
                        + (copy != null
                                ? ": sent again as a new order " + copy.orderId
                                : ": not sent again within " + seconds(resendWithin)));
            } else {
                failed.add(t.orderId + ": sent again, but no ACCEPTED or DUPLICATE reached the POS after it");
            }
        }
        String title = "survives: " + f.what();
        if (!failed.isEmpty()) {
            return new SandboxReport.Check(
                    "survives-" + f.wire(),
                    title,
                    SandboxReport.Status.FAIL,
                    failed.size() + " of " + orders(hit.size())
                            + " did not come through: a POS that hears nothing must send the same order again (same orderId, same"
                            + " content) every few seconds until it hears ACCEPTED, DUPLICATE or REJECTED",
                    failed);
        }
        if (waiting > 0) {
            return new SandboxReport.Check(
                    "survives-" + f.wire(),
                    title,
                    SandboxReport.Status.NOT_TESTED,
                    waiting + " of " + orders(hit.size()) + " still within " + seconds(resendWithin) + " of the fault",
                    List.of());
        }
        long fromSession = hit.stream()
                .filter(t -> t.resentAt == null || t.answeredAt.isBefore(t.resentAt))
                .count();
        String how = orders(hit.size() - fromSession) + " sent again with the same id and content, and answered";
        if (fromSession > 0) {
            how = (hit.size() == fromSession ? "" : how + "; ") + orders(fromSession)
                    + " answered through the POS's persistent MQTT session after it reconnected";
        }
        return new SandboxReport.Check("survives-" + f.wire(), title, SandboxReport.Status.PASS, how, List.of());
    }

    private static SandboxReport.Check check(
            String name, String title, boolean untested, boolean ok, String bad, String good, List<String> examples) {
        if (untested) {
            return new SandboxReport.Check(
                    name, title, SandboxReport.Status.NOT_TESTED, "nothing to judge yet", List.of());
        }
        return new SandboxReport.Check(
                name,
                title,
                ok ? SandboxReport.Status.PASS : SandboxReport.Status.FAIL,
                ok ? good : bad,
                examples.stream().limit(20).toList());
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

    /** A schema problem in plain words: {@code /items/0/qty: must have...} becomes {@code items[0].qty must have...}. */
    static List<String> plain(List<String> schemaProblems) {
        List<String> out = new ArrayList<>();
        for (String p : schemaProblems) {
            int colon = p.indexOf(": ");
            if (colon < 0) {
                out.add(p);
                continue;
            }
            String where = path(p.substring(0, colon));
            String what = p.substring(colon + 2);
            if (what.startsWith(p.substring(0, colon) + " ")) { // a validator that repeats the location in its message
                what = what.substring(colon + 1);
            }
            out.add(where + " " + what);
        }
        return out;
    }

    /** A JSON pointer ({@code /items/0/qty}) as a reader writes it ({@code items[0].qty}); the root is "the message". */
    static String path(String pointer) {
        if (pointer.isEmpty() || pointer.equals("/") || pointer.equals("$")) {
            return "the message";
        }
        if (pointer.startsWith("$.")) {
            return pointer.substring(2);
        }
        StringBuilder b = new StringBuilder();
        for (String part : pointer.substring(pointer.startsWith("/") ? 1 : 0).split("/")) {
            String key = part.replace("~1", "/").replace("~0", "~");
            if (key.matches("\\d+")) {
                b.append('[').append(key).append(']');
            } else {
                b.append(b.length() == 0 ? "" : ".").append(key);
            }
        }
        return b.toString();
    }

    /** The JSON with object keys sorted: equal for two sends of the same order whatever order their keys came in. */
    static String canonical(JsonNode n) {
        StringBuilder b = new StringBuilder();
        canonical(n, b);
        return b.toString();
    }

    private static void canonical(JsonNode n, StringBuilder b) {
        if (n.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                sorted.put(e.getKey(), e.getValue());
            }
            b.append('{');
            boolean firstField = true;
            for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
                if (!firstField) {
                    b.append(',');
                }
                firstField = false;
                b.append(JSON.getNodeFactory().textNode(e.getKey())).append(':');
                canonical(e.getValue(), b);
            }
            b.append('}');
        } else if (n.isArray()) {
            b.append('[');
            for (int i = 0; i < n.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                canonical(n.get(i), b);
            }
            b.append(']');
        } else if (n.isNumber()) {
            b.append(n.decimalValue().stripTrailingZeros().toPlainString());
        } else {
            b.append(n);
        }
    }

    /** What makes two orders the same meal for the same guests: everything but the id and the time it was placed. */
    private static String look(JsonNode order) {
        ObjectNode copy = order.deepCopy();
        copy.remove("orderId");
        copy.remove("placedAt");
        return canonical(copy);
    }

    /** "1 order was" or "n orders were". */
    private static String were(long n) {
        return n == 1 ? "1 order was" : n + " orders were";
    }

    private static String orders(long n) {
        return n == 1 ? "1 order" : n + " orders";
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
