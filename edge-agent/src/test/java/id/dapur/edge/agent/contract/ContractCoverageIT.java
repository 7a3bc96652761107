package id.dapur.edge.agent.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.agent.testsupport.RunningAgent;
import id.dapur.edge.agent.testsupport.TestConfig;
import id.dapur.edge.contract.Contract;
import id.dapur.edge.contract.MqttChannels;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The code and the contract name the same things, both ways: every HTTP route the running agent
 * serves is an operation of openapi.yaml and every operation a route; every topic the agent makes
 * is a channel of asyncapi.yaml and every channel a topic it makes; every error code the agent can
 * answer with is in the Error schema and in the contract's table, and nothing else is.
 */
class ContractCoverageIT {
    @TempDir
    Path dir;

    /** {@code /a/{x}/b} and {@code /a/{y}/b} are the same route. */
    static String shape(String route) {
        return route.replaceAll("\\{[^}]+}", "{}");
    }

    @Test
    void everyRouteIsInTheOpenApiDocumentAndEveryOperationIsARoute() throws Exception {
        Set<String> served;
        try (RunningAgent agent =
                RunningAgent.start(TestConfig.embedded(dir).load()).awaitReady()) {
            served = agent.agent().routes().stream()
                    .map(ContractCoverageIT::shape)
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> specified = Contract.get().operations().all().stream()
                .map(o -> shape(o.method() + " " + o.path()))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(served).as("routes served").hasSizeGreaterThan(40);
        assertThat(served)
                .as("routes the agent serves that the contract does not name")
                .isSubsetOf(specified);
        assertThat(specified)
                .as("operations of the contract the agent does not serve")
                .isSubsetOf(served);
    }

    @Test
    void everyTopicTheAgentMakesIsAChannelAndEveryChannelATopic() throws Exception {
        Topics t = new Topics("+");
        Set<String> made = new TreeSet<>();
        for (Method m : Topics.class.getDeclaredMethods()) {
            boolean maker = Modifier.isPublic(m.getModifiers())
                    && !Modifier.isStatic(m.getModifiers())
                    && m.getReturnType() == String.class
                    && Arrays.stream(m.getParameterTypes()).allMatch(p -> p == String.class)
                    && !m.getName().contains("Of")
                    && !m.getName().equals("root"); // stationOfActions, sensorOf, orderOfEvents: parsers
            if (maker) {
                Object[] args = new Object[m.getParameterCount()];
                Arrays.fill(args, "+");
                made.add((String) m.invoke(t, args));
            }
        }
        made.add(Topics.BROKER_DROPPED);
        Set<String> channels = Contract.get().channels().all().stream()
                .map(MqttChannels.Channel::shape)
                .filter(Objects::nonNull)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(made)
                .as("topics the agent makes that the contract does not name")
                .isSubsetOf(channels);
        assertThat(channels)
                .as("channels of the contract the agent does not make")
                .isSubsetOf(made);
    }

    @Test
    void everyErrorCodeIsInTheContractAndTheContractNamesNoOther() throws Exception {
        Set<String> http = new TreeSet<>();
        Set<String> deadLetterOnly = new TreeSet<>();
        for (ErrorCode c : ErrorCode.values()) {
            (c.deadLetterOnly() ? deadLetterOnly : http).add(c.name());
        }
        JsonNode error = Contract.get().schema("error").getSchemaNode();
        Set<String> schemaHttp = new TreeSet<>();
        error.path("$defs").path("ErrorCode").path("enum").forEach(n -> schemaHttp.add(n.asText()));
        Set<String> schemaDead = new TreeSet<>();
        error.path("$defs").path("DeadLetterCode").path("enum").forEach(n -> schemaDead.add(n.asText()));
        assertThat(schemaHttp).isEqualTo(http);
        assertThat(schemaDead).isEqualTo(deadLetterOnly);

        // the README's table: each row's codes with the HTTP status the code always has
        String readme = Files.readString(Path.of("..", "contract", "README.md"));
        String table = readme.substring(readme.indexOf("## Error codes"), readme.indexOf("## The command line"));
        Set<String> documented = new TreeSet<>();
        List<String> wrongStatus = new ArrayList<>();
        Matcher row = Pattern.compile("(?m)^\\| (`[A-Z0-9_]+`(?:, `[A-Z0-9_]+`)*) \\| (\\d{3}) \\|")
                .matcher(table);
        while (row.find()) {
            Matcher code = Pattern.compile("`([A-Z0-9_]+)`").matcher(row.group(1));
            while (code.find()) {
                documented.add(code.group(1));
                if (ErrorCode.valueOf(code.group(1)).httpStatus() != Integer.parseInt(row.group(2))) {
                    wrongStatus.add(code.group(1) + " documented " + row.group(2));
                }
            }
        }
        assertThat(documented).as("codes in the README's table").isEqualTo(http);
        assertThat(wrongStatus).isEmpty();
    }
}
