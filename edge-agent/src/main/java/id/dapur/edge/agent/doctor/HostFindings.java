package id.dapur.edge.agent.doctor;

import id.dapur.edge.config.DapurConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** The doctor's lines about the machine: the broker's ports, the clock, the disk and the database file. */
final class HostFindings {
    private final DapurConfig config;
    private final Report report;

    HostFindings(DapurConfig config, Report report) {
        this.config = config;
        this.report = report;
    }

    void mqtt() {
        if (config.mqtt().isEmbedded()) {
            var e = config.mqtt().embedded();
            String host = "0.0.0.0".equals(e.host()) || "::".equals(e.host()) ? "127.0.0.1" : e.host();
            List<String> open = new ArrayList<>();
            List<String> closed = new ArrayList<>();
            if (e.plain()) {
                (listening(host, e.port()) ? open : closed).add(":" + e.port());
            }
            if (e.tlsPort() != null) {
                (listening(host, e.tlsPort()) ? open : closed).add("TLS :" + e.tlsPort());
            }
            if (closed.isEmpty()) {
                report.add(Doctor.Level.OK, "mqtt", "the embedded broker listens on " + String.join(", ", open), null);
            } else {
                report.add(
                        Doctor.Level.PROBLEM,
                        "mqtt",
                        "the embedded broker does not listen on " + String.join(", ", closed),
                        "the agent is down or another program has the port: sudo ss -ltnp | grep " + e.port());
            }
        } else {
            URI u = config.mqtt().url();
            int port = u.getPort() > 0 ? u.getPort() : "ssl".equals(u.getScheme()) ? 8883 : 1883;
            if (listening(u.getHost(), port)) {
                report.add(Doctor.Level.OK, "mqtt", "the outlet's broker answers on " + u.getHost() + ":" + port, null);
            } else {
                report.add(
                        Doctor.Level.PROBLEM,
                        "mqtt",
                        "nothing answers on " + u.getHost() + ":" + port,
                        "start the broker: sudo systemctl start mosquitto");
            }
        }
    }

    void clock() {
        String sync =
                Files.isExecutable(Path.of("/usr/bin/timedatectl")) && Files.isDirectory(Path.of("/run/systemd/system"))
                        ? run("/usr/bin/timedatectl", "show", "-p", "NTPSynchronized", "--value")
                        : null;
        if ("yes".equals(sync)) {
            report.add(Doctor.Level.OK, "clock", "synchronised (NTP)", null);
        } else if ("no".equals(sync)) {
            report.add(
                    Doctor.Level.WARN,
                    "clock",
                    "not synchronised",
                    "tickets, HACCP records and the audit trail carry the time: sudo timedatectl set-ntp true"
                            + " (a Pi has no battery clock: it needs the network at boot)");
        } else if (Files.exists(Path.of("/run/systemd/timesync/synchronized"))) {
            report.add(Doctor.Level.OK, "clock", "synchronised (systemd-timesyncd)", null);
        } else {
            report.add(
                    Doctor.Level.INFO,
                    "clock",
                    "whether the clock is synchronised is unknown here (no timedatectl)",
                    null);
        }
    }

    void disk() {
        Path dir = config.storage().dir().toAbsolutePath();
        Path at = dir;
        while (at != null && !Files.exists(at)) {
            at = at.getParent();
        }
        if (at == null) {
            return;
        }
        try {
            // statvfs through File: works where the mount table is not to be had (a chroot, a container)
            long free = at.toFile().getUsableSpace();
            long total = at.toFile().getTotalSpace();
            long min = config.cloud().map(c -> c.outbox().minFreeDiskBytes()).orElse(100L << 20);
            String text = String.format(Locale.ROOT, "%s: %s free of %s", dir, size(free), size(total));
            if (total == 0) {
                report.add(Doctor.Level.WARN, "disk", "cannot read the space on " + at, null);
            } else if (free < min) {
                report.add(
                        Doctor.Level.PROBLEM,
                        "disk",
                        text,
                        "the agent refuses orders it cannot store: free space on the card (old logs: journalctl --vacuum-size=50M)");
            } else if (free * 10 < total) {
                report.add(Doctor.Level.WARN, "disk", text + " (under 10%)", "free some space on the card soon");
            } else {
                report.add(Doctor.Level.OK, "disk", text, null);
            }
            Path db = dir.resolve("dapur.mv.db");
            if (Files.isRegularFile(db)) {
                report.add(
                        Doctor.Level.INFO,
                        "database",
                        size(Files.size(db)) + ", last written "
                                + report.when(Files.getLastModifiedTime(db)
                                        .toInstant()
                                        .toString()),
                        null);
            }
        } catch (IOException e) {
            report.add(Doctor.Level.WARN, "disk", "cannot read the space on " + at + ": " + e.getMessage(), null);
        }
    }

    static boolean listening(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A command's first line of output, or null when it cannot run. */
    static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return out.lines().findFirst().orElse("");
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%d MB", bytes >> 20);
    }
}
