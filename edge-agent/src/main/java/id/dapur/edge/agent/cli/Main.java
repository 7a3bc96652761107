package id.dapur.edge.agent.cli;

import id.dapur.edge.agent.support.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar dapur-edge.jar run|demo|check-config|mosquitto-config|fingerprint|hash-pin|release} (contract/README.md; docs/fleet.md). */
@Command(
        name = "dapur-edge",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = "Edge agent for restaurant kitchens.",
        subcommands = {
            RunCommand.class,
            DemoCommand.class,
            CheckConfigCommand.class,
            MosquittoConfigCommand.class,
            FingerprintCommand.class,
            HashPinCommand.class,
            ReleaseCommand.class,
            SandboxCommand.class,
            CloudCheckCommand.class,
            FakeCloudCommand.class,
            FleetSimCommand.class,
            DoctorCommand.class
        })
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, a) -> {
            cl.getErr().println("dapur-edge: " + ex.getMessage() + " (see --help)");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println("dapur-edge: " + ex.getMessage());
            return 1;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"dapur-edge " + Version.VALUE};
        }
    }
}
