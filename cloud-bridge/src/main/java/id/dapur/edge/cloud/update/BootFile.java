package id.dapur.edge.cloud.update;

import id.dapur.edge.cloud.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which version the launcher ({@code packaging/dapur-edge-launch}) starts: {@code releases/boot.env},
 * lines of {@code key=value} that the launcher (shell) and the agent (Java) both read and write,
 * always whole (written beside, synced, renamed over, the directory synced), so a power cut leaves
 * the old file or the new one.
 *
 * @param current       the version that runs ({@code packaged}: the jar the Debian package installed)
 * @param previous      the version before it (kept on disk)
 * @param trial         a version being tried: started once; if it has not said healthy by the next start,
 *                      the launcher goes back to {@code current}; null when none
 * @param tries         how many starts the trial had (0 or 1)
 * @param update        the command id of the update the trial belongs to
 * @param result        the last update's outcome: {@code UPDATED} or {@code ROLLED_BACK}; null before the first
 * @param resultVersion the version that outcome is about
 * @param reason        why it was rolled back
 * @param at            when the outcome happened (ISO-8601)
 */
public record BootFile(
        String current,
        String previous,
        String trial,
        int tries,
        String update,
        String result,
        String resultVersion,
        String reason,
        String at) {
    public static final String PACKAGED = "packaged";
    public static final String NAME = "boot.env";
    public static final BootFile INITIAL = new BootFile(PACKAGED, null, null, 0, null, null, null, null, null);
    private static final List<String> KEYS =
            List.of("current", "previous", "trial", "tries", "update", "result", "resultVersion", "reason", "at");

    public static BootFile read(Path releases) throws IOException {
        Path f = releases.resolve(NAME);
        if (!Files.exists(f)) {
            return INITIAL;
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                String v = line.substring(eq + 1);
                m.put(line.substring(0, eq), v.isEmpty() ? null : v);
            }
        }
        String tries = m.get("tries");
        return new BootFile(
                m.getOrDefault("current", PACKAGED) == null ? PACKAGED : m.get("current"),
                m.get("previous"),
                m.get("trial"),
                tries == null || !tries.matches("\\d{1,3}") ? 0 : Integer.parseInt(tries),
                m.get("update"),
                m.get("result"),
                m.get("resultVersion"),
                m.get("reason"),
                m.get("at"));
    }

    /** Writes the file whole: beside, synced, renamed over the old one, the directory synced. */
    public void write(Path releases) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("current", current);
        m.put("previous", previous);
        m.put("trial", trial);
        m.put("tries", Integer.toString(tries));
        m.put("update", update);
        m.put("result", result);
        m.put("resultVersion", resultVersion);
        m.put("reason", reason);
        m.put("at", at);
        StringBuilder b = new StringBuilder();
        for (String k : KEYS) {
            String v = m.get(k);
            b.append(k)
                    .append('=')
                    .append(v == null ? "" : v.replaceAll("[\\r\\n]", " "))
                    .append('\n');
        }
        DurableFiles.writeAtomically(releases.resolve(NAME), b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A version to try, from the slot that runs now (which may differ from {@code current}: a newer Debian package took over). */
    public BootFile withTrial(String version, String updateId, String running) {
        return new BootFile(
                running,
                running.equals(current) ? previous : current,
                version,
                0,
                updateId,
                result,
                resultVersion,
                reason,
                at);
    }

    /** The trial said healthy: it is the current version now, the one before it the previous. */
    public BootFile committed(String now) {
        return new BootFile(trial, current, null, 0, update, "UPDATED", trial, null, now);
    }
}
