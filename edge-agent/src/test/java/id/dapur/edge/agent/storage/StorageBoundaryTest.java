package id.dapur.edge.agent.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code storage/} is infrastructure (the database, the writer, the outbox tables); it
 * knows no feature. A feature's transaction script lives with the feature and reaches storage, never
 * the other way round.
 */
class StorageBoundaryTest {
    private static final Pattern FEATURE = Pattern.compile(
            "id\\.dapur\\.edge\\.agent\\.(kitchen|orders|printing|foodsafety|screens|cloud|alerts|signals|scales|web|messaging)\\.");

    @Test
    void storageReferencesNoFeaturePackage() throws IOException {
        Path dir = Path.of("src/main/java/id/dapur/edge/agent/storage");
        assertThat(dir).isDirectory();
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = FEATURE.matcher(lines.get(i));
                    if (m.find()) {
                        found.add(f.getFileName() + ":" + (i + 1) + " "
                                + lines.get(i).trim());
                    }
                }
            }
        }
        assertThat(found).as("storage/ must not reference a feature package").isEmpty();
    }
}
