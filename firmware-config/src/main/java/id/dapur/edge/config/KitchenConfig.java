package id.dapur.edge.config;

import java.time.Duration;

/** Kitchen behaviour shared by every station (extension of CONTRACT §7; see docs/configuration.md). */
public record KitchenConfig(Duration recallWindow) {
    static KitchenConfig read(ConfigNode n) {
        return new KitchenConfig(n.duration("recallWindow", Duration.ofMinutes(15), Duration.ZERO, Duration.ofHours(12)));
    }
}
