package id.dapur.edge.cloud;

/**
 * What an event for the cloud is, and the stream it travels on (events of a stream are sent in
 * commit order; {@code readings} is shed first when the outbox is over its disk budget). The cloud
 * API's EventType (contract/cloud-api.yaml) names exactly these, each with its payload's schema.
 */
public enum CloudEventType {
    /** The order as the POS sent it. */
    ORDER("orders"),
    ORDER_EVENT("orders"),
    /** What became of an order from the delivery feed. */
    FEED_ORDER_RESULT("orders"),
    TICKET("tickets"),
    ALERT("alerts"),
    PRINTER_STATUS("devices"),
    SENSOR_READING("readings"),
    MENU_AVAILABILITY("menu"),
    KITCHEN_LOAD("kitchen"),
    WASTE_ENTRY("waste"),
    ANALYTICS_DAILY("analytics"),
    AUDIT_ENTRY("audit"),
    /** A remote command run or refused. */
    COMMAND("audit"),
    /** Readings dropped to keep the outbox within its disk budget. */
    OUTBOX_SHED("audit"),
    UPDATE_RESULT("fleet");

    /** The stream shed first when the outbox is over its budget. */
    public static final String READINGS = "readings";

    private final String stream;

    CloudEventType(String stream) {
        this.stream = stream;
    }

    public String stream() {
        return stream;
    }
}
