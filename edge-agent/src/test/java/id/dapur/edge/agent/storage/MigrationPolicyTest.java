package id.dapur.edge.agent.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The migration policy that makes a rollback safe (docs/fleet.md): since self-update (V12 on), a
 * migration only adds — tables, nullable or defaulted columns, indexes, rows — so the version before
 * it still runs on the database after a rollback (SelfUpdateIT proves it with a real one). Removing
 * or tightening waits for a later release, once no outlet can go back to a version that needs it.
 */
class MigrationPolicyTest {
    /** The last migration written before the policy; those before it shipped when no version could go back. */
    static final int BEFORE_POLICY = 11;

    static final List<Pattern> FORBIDDEN = List.of(
            Pattern.compile("\\bDROP\\s+(TABLE|COLUMN|INDEX|CONSTRAINT|SEQUENCE|VIEW)\\b"),
            Pattern.compile("\\bRENAME\\b"),
            Pattern.compile("\\bALTER\\s+COLUMN\\b[^;]*\\b(SET\\s+NOT\\s+NULL|SET\\s+DATA\\s+TYPE|\\bTYPE\\b)"),
            Pattern.compile("\\bTRUNCATE\\b"),
            Pattern.compile("\\bDELETE\\s+FROM\\b"),
            Pattern.compile("\\bADD\\s+COLUMN\\b[^;,]*\\bNOT\\s+NULL\\b(?![^;,]*\\bDEFAULT\\b)"));

    @Test
    void migrationsSinceSelfUpdateOnlyAdd() throws Exception {
        Path dir = Path.of("src", "main", "resources", "db", "migration");
        List<String> problems = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                String name = p.getFileName().toString();
                int version = Integer.parseInt(name.substring(1, name.indexOf("__")));
                if (version <= BEFORE_POLICY) {
                    continue;
                }
                checked++;
                String sql = Files.readString(p).replaceAll("--[^\n]*", "").toUpperCase(Locale.ROOT);
                for (Pattern f : FORBIDDEN) {
                    if (f.matcher(sql).find()) {
                        problems.add(name + ": " + f.pattern());
                    }
                }
            }
        }
        assertThat(problems)
                .as("expand-only migrations (checked " + checked + ")")
                .isEmpty();
    }

    @Test
    void thePolicyCatchesWhatWouldBreakAnOlderVersion() {
        for (String bad : List.of(
                "ALTER TABLE orders DROP COLUMN note;",
                "ALTER TABLE orders RENAME TO o;",
                "DROP TABLE waste;",
                "ALTER TABLE orders ALTER COLUMN note SET NOT NULL;",
                "ALTER TABLE orders ADD COLUMN x INT NOT NULL;")) {
            assertThat(FORBIDDEN.stream()
                            .anyMatch(
                                    f -> f.matcher(bad.toUpperCase(Locale.ROOT)).find()))
                    .as(bad)
                    .isTrue();
        }
        for (String ok : List.of(
                "CREATE TABLE t (id INT PRIMARY KEY);",
                "ALTER TABLE orders ADD COLUMN x INT;",
                "ALTER TABLE orders ADD COLUMN y INT NOT NULL DEFAULT 0;",
                "CREATE INDEX i ON orders (x);")) {
            assertThat(FORBIDDEN.stream()
                            .noneMatch(
                                    f -> f.matcher(ok.toUpperCase(Locale.ROOT)).find()))
                    .as(ok)
                    .isTrue();
        }
    }
}
