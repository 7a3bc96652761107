package id.dapur.edge.config;

import java.util.Locale;

/** Who an MQTT account or an API token belongs to. */
public enum Role {
    /** Publishes orders and voids, reads its order events. */
    POS,
    /** Acts on its own station's tickets, reads all tickets. */
    KDS,
    /** Publishes readings under {@code sensors/} and configured vendor topics. */
    SENSOR,
    /** Everything. */
    ADMIN,
    /** Reads the ready board at the pickup counter and nothing else; HTTP tokens only. */
    BOARD,
    /**
     * A Star printer in CloudPRNT's MQTT mode: its own {@code star/cloudprnt/…/<its MAC>/…} topics and
     * nothing else. Never configured by hand: each {@code printers[]} entry with {@code mqtt: true} is
     * such an account (its printer id and password).
     */
    PRINTER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Role parse(String s) {
        return s == null
                ? null
                : switch (s) {
                    case "pos" -> POS;
                    case "kds" -> KDS;
                    case "sensor" -> SENSOR;
                    case "admin" -> ADMIN;
                    case "board" -> BOARD;
                    default -> null;
                };
    }
}
