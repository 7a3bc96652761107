package id.dapur.edge.agent.messaging;

/**
 * Every MQTT topic the agent publishes or subscribes to under {@code dapur/<outlet>}, and the broker's
 * count of dropped messages: the one place topic names are made. The contract's AsyncAPI document
 * names the same topics; {@code ContractCoverageTest} keeps the two equal.
 */
public final class Topics {
    /** Mosquitto's count of messages it dropped (queue or in-flight limits), every {@code sys_interval}. */
    public static final String BROKER_DROPPED = "$SYS/broker/publish/messages/dropped";

    private final String root;

    public Topics(String outletId) {
        this.root = "dapur/" + outletId;
    }

    public String root() {
        return root;
    }

    public String ordersIn() {
        return root + "/orders/in";
    }

    public String ordersVoid() {
        return root + "/orders/void";
    }

    public String orderEvents(String orderId) {
        return root + "/orders/" + orderId + "/events";
    }

    /** The order id of an {@link #orderEvents} topic, or null when {@code topic} is not one. */
    public String orderOfEvents(String topic) {
        String prefix = root + "/orders/";
        if (!topic.startsWith(prefix) || !topic.endsWith("/events")) {
            return null;
        }
        String id = topic.substring(prefix.length(), topic.length() - "/events".length());
        return id.isEmpty() || id.contains("/") ? null : id;
    }

    public String tickets(String station) {
        return root + "/kds/" + station + "/tickets";
    }

    public String actions(String station) {
        return root + "/kds/" + station + "/actions";
    }

    public String actionsWildcard() {
        return root + "/kds/+/actions";
    }

    public String agentStatus() {
        return root + "/agent/status";
    }

    /** The 86 board, retained. */
    public String menuAvailability() {
        return root + "/menu/availability";
    }

    /** Where a screen or back office marks an item out or back over MQTT (extension; body as the POST). */
    public String menuAvailabilitySet() {
        return root + "/menu/availability/set";
    }

    /** The kitchen load, retained. */
    public String kitchenLoad() {
        return root + "/kitchen/load";
    }

    public String alerts() {
        return root + "/alerts";
    }

    /** Star CloudPRNT: what the agent tells a printer ({@code request-post}), under its MAC address; outside the outlet's root, as Star has it. */
    public String cloudPrntToDevice(String mac, String method) {
        return MqttAcl.CLOUDPRNT_TO_DEVICE + mac + "/" + method;
    }

    /** Star CloudPRNT: what a printer tells the agent ({@code client-status}, {@code print-result}, {@code client-will}). */
    public String cloudPrntToServer(String mac, String method) {
        return MqttAcl.CLOUDPRNT_TO_SERVER + mac + "/" + method;
    }

    public String printerStatus(String printerId) {
        return root + "/printers/" + printerId + "/status";
    }

    public String sensors() {
        return root + "/sensors/+";
    }

    /** The sensor id of a {@code sensors/<id>} topic, or null. */
    public String sensorOf(String topic) {
        String prefix = root + "/sensors/";
        return topic.startsWith(prefix) && topic.indexOf('/', prefix.length()) < 0
                ? topic.substring(prefix.length())
                : null;
    }

    public String scaleWeight(String scaleId) {
        return root + "/scales/" + scaleId + "/weight";
    }

    public String deadLetter() {
        return root + "/deadletter";
    }

    /** The station of a {@code kds/<station>/actions} topic, or null. */
    public String stationOfActions(String topic) {
        return stationOf(topic, "/actions");
    }

    /** The answer to each action an MQTT screen sent. */
    public String results(String station) {
        return root + "/kds/" + station + "/results";
    }

    /** Display receipts of MQTT screens. */
    public String shown(String station) {
        return root + "/kds/" + station + "/shown";
    }

    public String shownWildcard() {
        return root + "/kds/+/shown";
    }

    /** The station of a {@code kds/<station>/shown} topic, or null. */
    public String stationOfShown(String topic) {
        return stationOf(topic, "/shown");
    }

    private String stationOf(String topic, String suffix) {
        String prefix = root + "/kds/";
        if (!topic.startsWith(prefix) || !topic.endsWith(suffix)) {
            return null;
        }
        String s = topic.substring(prefix.length(), topic.length() - suffix.length());
        return s.isEmpty() || s.contains("/") ? null : s;
    }
}
