package id.dapur.edge.agent.messaging;

import id.dapur.edge.config.DapurConfig;
import id.dapur.edge.config.MqttConfig;
import id.dapur.edge.config.MqttConfig.MqttAccount;
import id.dapur.edge.config.Role;
import id.dapur.edge.devices.sensor.SensorFormat;
import id.dapur.edge.devices.sensor.firmware.FirmwareProtocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Who may publish and subscribe where (the contract roles), as topic patterns per user, and which
 * client ids an account owns. The same rules drive the embedded broker's front door (CONNECT, Will,
 * PUBLISH, retain) and authorizer (SUBSCRIBE), and the generated Mosquitto ACL file, so both brokers
 * enforce one policy. Retained messages are a write that outlives the writer: only sensors (whose
 * firmware marks availability and state retained) and admins may leave them.
 */
public final class MqttAcl {
    /** A topic pattern (with {@code +} and {@code #}) a user may read and/or write. */
    public record Rule(String pattern, boolean read, boolean write, boolean retain) {
        Rule(String pattern, boolean read, boolean write) {
            this(pattern, read, write, false);
        }
    }

    private final Map<String, List<Rule>> rulesByUser = new LinkedHashMap<>();
    /** CloudPRNT printers' accounts (printer id) and their MAC addresses: a Star printer's client id is its MAC. */
    private final Map<String, String> printerMacs = new LinkedHashMap<>();

    public MqttAcl(DapurConfig config, String agentUser) {
        Topics t = new Topics(config.outlet().id());
        List<String> vendorTopics = config.sensors().stream()
                .filter(s -> s.topic() != null)
                .flatMap(s -> Stream.of(s.topic(), SensorFormat.of(s.format()).availabilityTopic(s.topic())))
                .distinct()
                .toList();
        // sensors whose firmware settings the agent manages read their commands and write their answers
        Map<String, List<String>> firmware = FirmwareProtocol.acl(config.sensors(), t.root());
        List<String> firmwareReads = firmware.get("read");
        List<String> firmwareWrites = firmware.get("write");
        config.printers().stream()
                .filter(p -> p.mqtt())
                .forEach(p -> printerMacs.put(p.id(), p.connection().host()));
        for (MqttAccount a : config.mqttAccounts()) {
            List<Rule> rules = a.role() == Role.PRINTER
                    ? printerRules(printerMacs.get(a.username()))
                    : rulesFor(t, a.role(), a.station(), vendorTopics);
            if (a.role() == Role.SENSOR) {
                firmwareReads.forEach(r -> rules.add(new Rule(r, true, false)));
                firmwareWrites.forEach(w -> rules.add(new Rule(w, false, true, true)));
            }
            rulesByUser.put(a.username(), rules);
        }
        if (agentUser != null) {
            List<Rule> agent = new ArrayList<>(rulesFor(t, Role.ADMIN, null, vendorTopics));
            // '#' does not match '$SYS/...': the agent watches the broker's count of dropped messages
            agent.add(new Rule(Topics.BROKER_DROPPED, true, false));
            rulesByUser.put(agentUser, agent);
        }
    }

    static List<Rule> rulesFor(Topics t, Role role, String station, List<String> vendorTopics) {
        String r = t.root();
        List<Rule> rules = new ArrayList<>();
        switch (role) {
            case POS -> {
                rules.add(new Rule(t.ordersIn(), false, true));
                rules.add(new Rule(t.ordersVoid(), false, true));
                rules.add(new Rule(r + "/orders/+/events", true, false));
                rules.add(new Rule(t.menuAvailability(), true, false));
                rules.add(new Rule(t.kitchenLoad(), true, false));
                rules.add(new Rule(t.deadLetter(), true, false));
                rules.add(new Rule(t.agentStatus(), true, false));
            }
            case KDS -> {
                rules.add(new Rule(t.actions(station), false, true));
                rules.add(new Rule(t.shown(station), false, true));
                rules.add(new Rule(t.menuAvailabilitySet(), false, true));
                rules.add(new Rule(t.menuAvailability(), true, false));
                rules.add(new Rule(t.kitchenLoad(), true, false));
                rules.add(new Rule(r + "/kds/" + station + "/results", true, false));
                rules.add(new Rule(r + "/kds/+/tickets", true, false));
                rules.add(new Rule(r + "/orders/+/events", true, false));
                rules.add(new Rule(r + "/alerts", true, false));
                rules.add(new Rule(r + "/printers/+/status", true, false));
                rules.add(new Rule(t.agentStatus(), true, false));
            }
            case SENSOR -> {
                rules.add(new Rule(r + "/sensors/#", false, true, true));
                vendorTopics.forEach(v -> rules.add(new Rule(v, false, true, true)));
                rules.add(new Rule(t.agentStatus(), true, false));
            }
            case ADMIN -> rules.add(new Rule("#", true, true, true));
            case BOARD, PRINTER -> {} // HTTP only; a printer's rules need its MAC (printerRules)
        }
        return rules;
    }

    /**
     * A CloudPRNT printer reads what is sent to it and writes what it says ({@code client-status},
     * {@code print-result}, its Will), under its own MAC address only (Star's topics).
     */
    static List<Rule> printerRules(String mac) {
        return List.of(
                new Rule(CLOUDPRNT_TO_DEVICE + mac + "/#", true, false),
                new Rule(CLOUDPRNT_TO_SERVER + mac + "/#", false, true));
    }

    /** Star CloudPRNT's topic prefixes: what the server sends a printer, what a printer sends the server. */
    public static final String CLOUDPRNT_TO_DEVICE = "star/cloudprnt/to-device/";

    public static final String CLOUDPRNT_TO_SERVER = "star/cloudprnt/to-server/";

    /**
     * Does {@code user} own {@code clientId}: by {@link #ownsClientId}, or a CloudPRNT printer's account
     * its printer's MAC address (Star printers connect with their MAC as client id)?
     */
    public boolean owns(String user, String clientId) {
        String mac = user == null ? null : printerMacs.get(user);
        return ownsClientId(user, clientId) || (mac != null && mac.equalsIgnoreCase(clientId));
    }

    public Map<String, List<Rule>> rulesByUser() {
        return rulesByUser;
    }

    public boolean canWrite(String user, String topic) {
        return user != null
                && rulesByUser.getOrDefault(user, List.of()).stream()
                        .anyMatch(rule -> rule.write() && matches(rule.pattern(), topic));
    }

    /** May {@code user} leave a retained message (or a retained Will) on {@code topic}? */
    public boolean canRetain(String user, String topic) {
        return user != null
                && rulesByUser.getOrDefault(user, List.of()).stream()
                        .anyMatch(rule -> rule.write() && rule.retain() && matches(rule.pattern(), topic));
    }

    /**
     * Does the account {@code user} own the client id {@code clientId}? An account owns its username and
     * every id that starts with the username and a separator ({@code pos-1}, {@code pos-1-sub},
     * {@code pos-1:till-2}), so no account can take over another's connection or resume its session.
     * Ids that start with the agent's prefix are the agent's alone.
     */
    public static boolean ownsClientId(String user, String clientId) {
        if (user == null || clientId == null || clientId.startsWith(MqttConfig.RESERVED_PREFIX)) {
            return false;
        }
        if (clientId.equals(user)) {
            return true;
        }
        return clientId.length() > user.length() + 1
                && clientId.startsWith(user)
                && "-_.:/".indexOf(clientId.charAt(user.length())) >= 0;
    }

    /** A subscription is allowed only if every topic it can match is readable. */
    public boolean canRead(String user, String filter) {
        return user != null
                && rulesByUser.getOrDefault(user, List.of()).stream()
                        .anyMatch(rule -> rule.read() && covers(rule.pattern(), filter));
    }

    /** MQTT topic matching: does {@code pattern} match the concrete {@code topic}? */
    public static boolean matches(String pattern, String topic) {
        return covers(pattern, topic) && !topic.contains("+") && !topic.contains("#");
    }

    /**
     * Does {@code pattern} match every topic that {@code filter} can match? As in MQTT topic matching, a
     * pattern that starts with a wildcard covers nothing that starts with {@code $} ({@code $SYS/...}).
     */
    static boolean covers(String pattern, String filter) {
        String[] p = pattern.split("/", -1);
        String[] f = filter.split("/", -1);
        if (filter.startsWith("$") && (p[0].equals("+") || p[0].equals("#"))) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (p[i].equals("#")) {
                return true;
            }
            if (i >= f.length) {
                return false;
            }
            if (f[i].equals("#")) {
                return false;
            }
            if (!p[i].equals("+") && !p[i].equals(f[i])) {
                return false;
            }
        }
        return p.length == f.length;
    }
}
