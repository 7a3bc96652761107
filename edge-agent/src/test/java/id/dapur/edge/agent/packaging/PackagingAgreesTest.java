package id.dapur.edge.agent.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The container image and the Debian package put things in the same places: the jar, the command, the
 * configuration and its file of secrets, the data; and the service and the command read the same
 * configuration and environment file. (No container runtime here: the Dockerfile is read, not built.)
 */
class PackagingAgreesTest {
    static final Path ROOT = Path.of("..");

    static String read(String file) throws IOException {
        return Files.readString(ROOT.resolve(file));
    }

    static String first(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        assertThat(m.find()).as(regex).isTrue();
        return m.group(1);
    }

    @Test
    void theImageAndThePackageUseTheSamePlaces() throws IOException {
        String docker = read("Dockerfile");
        String unit = read("packaging/dapur-edge.service");
        String command = read("packaging/dapur-edge");
        String pom = read("edge-agent/pom.xml");
        String example = read("packaging/agent.yaml");

        String jar = first(command, "^jar=\\$\\{DAPUR_JAR:-([^}]+)}");
        assertThat(jar).isEqualTo("/usr/share/dapur-edge/dapur-edge.jar");
        assertThat(docker).contains("COPY --from=build /src/edge-agent/target/dapur-edge.jar " + jar);
        assertThat(unit).contains("DAPUR_JAR=" + jar);
        assertThat(pom).contains("<prefix>/usr/share/dapur-edge</prefix>");

        assertThat(docker)
                .contains("COPY packaging/dapur-edge /usr/bin/dapur-edge")
                .contains("ENTRYPOINT [\"/usr/bin/dapur-edge\"]");
        assertThat(pom)
                .contains("<src>${project.basedir}/../packaging/dapur-edge</src>")
                .contains("<prefix>/usr/bin</prefix>");

        String config = first(command, "^    DAPUR_CONFIG=(\\S+)$");
        assertThat(unit).contains("DAPUR_CONFIG=" + config);
        String env = first(command, "^DAPUR_ENV_FILE=\\$\\{DAPUR_ENV_FILE-([^}]+)}");
        assertThat(unit).contains("DAPUR_ENV_FILE=" + env);
        assertThat(config).isEqualTo("/etc/dapur/agent.yaml");
        assertThat(env).isEqualTo("/etc/dapur/environment");

        String data = first(unit, "^ReadWritePaths=(\\S+)$");
        assertThat(docker).contains("VOLUME [\"" + data + "\"]");
        String storage = first(example, "storage: \\{ dir: (\\S+) }");
        assertThat(docker).contains("DAPUR_STORAGE_DIR=" + storage);
        assertThat(storage).startsWith(data + "/");
        assertThat(unit)
                .as("the service runs the launcher, which finds the configuration as the command does")
                .containsPattern(
                        "ExecStart=/usr/lib/dapur-edge/dapur-edge-launch run$|ExecStart=/usr/lib/dapur-edge/dapur-edge-launch run\\n");
    }
}
