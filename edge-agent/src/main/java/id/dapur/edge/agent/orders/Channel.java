package id.dapur.edge.agent.orders;

/** How the guest ordered (CONTRACT §5). */
public enum Channel {
    DINE_IN, TAKEAWAY, DELIVERY, ONLINE
}
