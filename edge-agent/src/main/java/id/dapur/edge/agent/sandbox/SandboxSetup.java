package id.dapur.edge.agent.sandbox;

import id.dapur.edge.agent.security.SecureFiles;
import id.dapur.edge.config.ConfigException;
import id.dapur.edge.config.ConfigLoader;
import id.dapur.edge.config.DapurConfig;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;

/** What the sandbox agent runs with: its ports, the address a POS on the LAN uses, its configuration. */
public final class SandboxSetup {
    private SandboxSetup() {}

    /** The sandbox agent's configuration, written (private to its owner) into {@code dir} and loaded. */
    static DapurConfig configure(
            Sandbox.Settings settings,
            Path dir,
            int http,
            int https,
            int mqtt,
            int mqtts,
            String password,
            String posToken,
            String screenToken,
            String barToken,
            String expoToken)
            throws Sandbox.SandboxException {
        String yaml = """
                outlet: { id: %s, tenant: sandbox, name: "POS sandbox" }
                mqtt:
                  embedded: { host: "%s", port: %d, tlsPort: %d }
                  accounts:
                    - { username: "%s", password: "%s", role: pos }
                http:
                  host: "%s"
                  port: %d
                  tlsPort: %d
                  tokens:
                    - { token: "%s", role: pos, name: "%s" }
                    - { token: "%s", role: kds, station: kitchen, name: screen-kitchen }
                    - { token: "%s", role: kds, station: bar, name: screen-bar }
                    - { token: "%s", role: kds, station: expo, name: screen-expo }
                storage: { dir: "%s" }
                stations:
                  - { id: kitchen, name: Kitchen, categories: [food, main, mains, starter, dessert] }
                  - { id: bar, name: Bar, categories: [drinks, drink, beverage] }
                  - { id: expo, name: Expo, expo: true }
                defaultStation: kitchen
                """.formatted(
                        Sandbox.OUTLET,
                        settings.host(),
                        mqtt,
                        mqtts,
                        settings.posUser(),
                        password,
                        settings.host(),
                        http,
                        https,
                        posToken,
                        settings.posUser(),
                        screenToken,
                        barToken,
                        expoToken,
                        dir.resolve("db").toAbsolutePath().toString().replace("\\", "/"));
        try {
            Path file = dir.resolve("sandbox-config.yaml");
            SecureFiles.writePrivate(file, yaml.getBytes(StandardCharsets.UTF_8));
            ConfigLoader loader = new ConfigLoader(Map.of());
            return loader.fromTree(loader.loadTree(file));
        } catch (ConfigException e) {
            throw new Sandbox.SandboxException("the sandbox's configuration is not valid: "
                    + e.problems().get(0) + " (check --host and the ports)");
        } catch (IOException e) {
            throw new Sandbox.SandboxException(
                    "cannot write the sandbox's configuration in " + dir + ": " + e.getMessage());
        }
    }

    /** A port to listen on: the one asked for, or (0) a free one, chosen now so a restart keeps it. */
    static int free(int port, String option) throws Sandbox.SandboxException {
        if (port < 0 || port > 65535) {
            throw new Sandbox.SandboxException(option + " must be 0-65535");
        }
        if (port != 0) {
            return port;
        }
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new Sandbox.SandboxException("no free port for " + option + ": " + e.getMessage());
        }
    }

    /** The address a POS on the LAN uses: the host asked for, or (any address) this machine's first LAN IPv4 address. */
    public static String shownHost(String host) {
        if (!host.equals("0.0.0.0") && !host.equals("::")) {
            return host;
        }
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp() || ni.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLinkLocalAddress()) {
                        return a.getHostAddress();
                    }
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "127.0.0.1";
    }
}
