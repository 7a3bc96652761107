package id.dapur.edge.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the H2 database lives and how long finished orders are kept before they are purged
 * (so the file does not grow without bound).
 */
public record StorageConfig(Path dir, Duration retention) {
    static StorageConfig read(ConfigNode n) {
        String dir = n.string("dir", "./data");
        Duration retention = n.duration("retention", Duration.ofDays(7), Duration.ofHours(1), Duration.ofDays(365));
        return new StorageConfig(Path.of(dir), retention);
    }
}
