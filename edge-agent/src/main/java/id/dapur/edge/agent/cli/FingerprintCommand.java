package id.dapur.edge.agent.cli;

import id.dapur.edge.agent.security.OutletCertificate;
import id.dapur.edge.config.DapurConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prints the SHA-256 fingerprint of the outlet's TLS certificate, to pin in POS
 * terminals, sensors and browsers. Makes the certificate now if the agent has not made it yet, so the
 * fingerprint is the one the agent will serve.
 */
@Command(name = "fingerprint", description = "Print the SHA-256 fingerprint of the outlet's TLS certificate.")
final class FingerprintCommand implements Callable<Integer> {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "the agent's YAML configuration (default: $DAPUR_CONFIG)")
    Path given;

    @Override
    public Integer call() throws IOException {
        Path file = ConfigFiles.orDefault(given);
        if (file == null) {
            System.err.println("dapur-edge fingerprint: which configuration? give --config FILE (or set DAPUR_CONFIG)");
            return 2;
        }
        ConfigFiles.Loaded loaded = ConfigFiles.loadOrExplain(file);
        if (loaded == null) {
            return 2;
        }
        DapurConfig c = loaded.config();
        OutletCertificate cert = OutletCertificate.loadOrCreate(
                c.tls(), c.storage().dir(), c.outlet().id());
        System.out.println("SHA-256 " + cert.fingerprint());
        System.out.println(
                "subject " + cert.certificate().getSubjectX500Principal().getName() + ", valid until "
                        + cert.certificate().getNotAfter().toInstant());
        return 0;
    }
}
