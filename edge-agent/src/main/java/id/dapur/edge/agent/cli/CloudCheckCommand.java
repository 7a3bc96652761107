package id.dapur.edge.agent.cli;

import id.dapur.edge.cloud.check.CheckReport;
import id.dapur.edge.cloud.check.CloudCheck;
import id.dapur.edge.config.CloudConfig;
import id.dapur.edge.config.Durations;
import id.dapur.edge.config.Secret;
import id.dapur.edge.contract.Contract;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cloud-check URL}: holds a back office to the cloud API (docs/back-office.md). Exit 0 when it
 * follows it, 1 when it deviates, 2 when the check cannot run (bad options, unreachable, the code or
 * credential refused).
 */
@Command(
        name = "cloud-check",
        description = {
            "Drive a back office through the whole cloud API as an agent would and report every deviation from",
            "contract/cloud-api.yaml (exit 0 it follows it, 1 it deviates, 2 the check could not run)."
        })
final class CloudCheckCommand implements Callable<Integer> {
    @Parameters(
            paramLabel = "URL",
            description = "the back office's cloud.url (https://..., or http:// to this machine)")
    String url;

    @Option(names = "--outlet", required = true, description = "the outlet id the back office knows")
    String outlet;

    @Option(
            names = "--code",
            description = "a one-time provisioning code for that outlet (checks registration and rotation)")
    String code;

    @Option(
            names = "--device-id",
            description =
                    "instead of --code: an existing device id, with its credential in the environment variable --credential-env names")
    String deviceId;

    @Option(
            names = "--credential-env",
            defaultValue = "DAPUR_CLOUD_CREDENTIAL",
            description = "environment variable holding the credential (default ${DEFAULT-VALUE})")
    String credentialEnv;

    @Option(names = "--ca", description = "PEM file of the CA to trust instead of the JVM's")
    Path ca;

    @Option(
            names = "--long-poll",
            defaultValue = "5s",
            description = "how long the command and feed long-polls may be held (default ${DEFAULT-VALUE})")
    String longPoll;

    @Option(names = "--report", description = "also write the report as JSON to this file")
    Path report;

    @Override
    public Integer call() {
        CloudCheck.Settings s;
        try {
            URI u = CloudConfig.parseUrl(url);
            if (!outlet.matches("[a-z0-9-]{1,32}")) {
                throw new IllegalArgumentException("--outlet must be 1-32 of a-z, 0-9 and '-', as outlet.id is");
            }
            Secret credential = null;
            if (code == null) {
                String c = deviceId == null ? null : System.getenv(credentialEnv);
                if (deviceId == null || c == null || c.isBlank()) {
                    throw new IllegalArgumentException(
                            "give --code (a one-time provisioning code) or --device-id with the credential in $"
                                    + credentialEnv);
                }
                credential = new Secret(c.trim());
            } else if (code.length() < 8) {
                throw new IllegalArgumentException("--code: a provisioning code has at least 8 characters");
            }
            if (ca != null && !Files.isReadable(ca)) {
                throw new IllegalArgumentException("--ca " + ca + " cannot be read");
            }
            Duration wait = Durations.parse(longPoll);
            if (wait.isNegative() || wait.toSeconds() > 120) {
                throw new IllegalArgumentException("--long-poll must be 0-120 s");
            }
            if (report != null
                    && report.toAbsolutePath().getParent() != null
                    && !Files.isDirectory(report.toAbsolutePath().getParent())) {
                throw new IllegalArgumentException(
                        "--report: the folder " + report.toAbsolutePath().getParent() + " does not exist");
            }
            s = new CloudCheck.Settings(u, outlet, code, deviceId, credential, ca, wait);
        } catch (IllegalArgumentException e) {
            System.err.println("dapur-edge cloud-check: "
                    + (e.getMessage().startsWith("must") || e.getMessage().startsWith("is not")
                            ? url + " " + e.getMessage()
                            : e.getMessage()));
            return 2;
        }
        Vertx vertx = Vertx.vertx();
        try {
            System.out.println("checking " + url + " as outlet " + outlet + " would (contract "
                    + Contract.get().version() + ")");
            CheckReport r = new CloudCheck(vertx, s, System.out::println).run();
            System.out.println();
            System.out.print(r.text());
            if (report != null) {
                try {
                    Files.writeString(report, r.json(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    System.err.println(
                            "dapur-edge cloud-check: cannot write the report to " + report + ": " + e.getMessage());
                }
            }
            return r.exitCode();
        } catch (CloudCheck.CannotCheck e) {
            System.err.println("dapur-edge cloud-check: " + e.getMessage());
            return 2;
        } finally {
            try {
                vertx.close().await(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // leaving anyway
            }
        }
    }
}
