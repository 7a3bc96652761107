package id.dapur.edge.agent.orders;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How the guest ordered, or which delivery platform brought the order: GrabFood,
 * GoFood and ShopeeFood each have their own label and colour on screens, chits and the ready board,
 * so the runner hands the bag to the right driver.
 */
public enum Channel {
    DINE_IN,
    TAKEAWAY,
    DELIVERY,
    ONLINE,
    GRABFOOD,
    GOFOOD,
    SHOPEEFOOD;

    /** A delivery platform's order (its driver collects it), as opposed to the outlet's own channels. */
    public boolean platform() {
        return this == GRABFOOD || this == GOFOOD || this == SHOPEEFOOD;
    }

    /** "DINE_IN, TAKEAWAY, ...": for error messages. */
    public static String names() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
