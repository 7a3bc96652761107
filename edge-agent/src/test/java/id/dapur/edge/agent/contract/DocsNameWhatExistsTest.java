package id.dapur.edge.agent.contract;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * What the docs tell a reader to run exists, and they speak of the product only: every
 * {@code dapur-edge <command>} in README, docs/ and contract/ is a command of the jar, and no doc
 * cites an issue or a folder outside the repository. (Configuration keys: ConfigurationKeysTest in
 * firmware-config; error codes: ContractCoverageIT.)
 */
class DocsNameWhatExistsTest {
    static List<Path> docs() throws IOException {
        List<Path> out = new ArrayList<>(List.of(
                Path.of("..", "README.md"),
                Path.of("..", "SECURITY.md"),
                Path.of("..", "CHANGELOG.md"),
                Path.of("..", "RELEASING.md"),
                Path.of("..", "examples", "README.md")));
        for (String dir : new String[] {"docs", "contract"}) {
            try (Stream<Path> s = Files.list(Path.of("..", dir))) {
                s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
            }
        }
        return out;
    }

    @Test
    void everyCommandTheDocsNameIsACommandOfTheJar() throws IOException {
        Set<String> commands = new CommandLine(new Main()).getSubcommands().keySet();
        Set<String> named = new TreeSet<>();
        Pattern use = Pattern.compile("dapur-edge(?:\\.jar)? ([a-z][a-z-]+)(?=[\\s`'\"]|$)");
        for (Path doc : docs()) {
            Matcher m = use.matcher(Files.readString(doc));
            while (m.find()) {
                named.add(m.group(1));
            }
        }
        assertThat(named).as("commands the docs name").isNotEmpty().isSubsetOf(commands);
    }

    @Test
    void theDocsSpeakOfTheProductOnly() throws IOException {
        Pattern outside =
                Pattern.compile("(?i)\\bissue \\d+|CONTRACT §|\\bFACTS\\b|shared folder|\\.\\./shared/|/work/");
        List<String> found = new ArrayList<>();
        for (Path doc : docs()) {
            List<String> lines = Files.readAllLines(doc);
            for (int i = 0; i < lines.size(); i++) {
                if (outside.matcher(lines.get(i)).find()) {
                    found.add(doc.getFileName() + ":" + (i + 1) + ": "
                            + lines.get(i).strip());
                }
            }
        }
        assertThat(found).isEmpty();
    }
}
