package id.dapur.edge.agent.cli;

import id.dapur.edge.agent.doctor.Doctor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code doctor}: a live outlet in one screen (docs/operations.md). Exit 0 fine, 1 a problem, 2 no usable configuration. */
@Command(
        name = "doctor",
        description = {
            "Check a live outlet in one screen: configuration, service, ports, storage and its last commit, broker, each printer,",
            "scale and sensor (seen or not, since when), the cloud, the clock and the disk, each with what to do",
            "(exit 0 fine, 1 a problem, 2 the configuration cannot be used)."
        })
final class DoctorCommand implements Callable<Integer> {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "the configuration (default: $DAPUR_CONFIG, /etc/dapur/agent.yaml when installed)")
    Path config;

    @Option(names = "--json", description = "the findings as JSON")
    boolean json;

    @Override
    public Integer call() {
        Path file = ConfigFiles.orDefault(config);
        if (file == null) {
            System.err.println("dapur-edge doctor: which configuration? give --config FILE (or set DAPUR_CONFIG)");
            return 2;
        }
        Doctor d = new Doctor(file, Clock.systemUTC(), ZoneId.systemDefault());
        List<Doctor.Finding> findings = d.examine();
        System.out.print(json ? Doctor.json(findings) + "\n" : d.screen(findings));
        return Doctor.exitCode(findings);
    }
}
