package id.dapur.edge.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.dapur.edge.cloud.fake.FakeCloud;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fake-cloud}: the reference back office (FakeCloud, in memory) on this machine, with outlets,
 * their provisioning codes and configurations, for trying {@code cloud-check} and {@code fleet-sim}
 * (docs/back-office.md) or pointing an agent at.
 */
@Command(
        name = "fake-cloud",
        description = {
            "Run the reference back office (in memory, on this machine) with N outlets, each with a provisioning code and a",
            "configuration; the codes go to --codes as 'outletId,code' lines, for cloud-check and fleet-sim. Ctrl-C stops."
        })
final class FakeCloudCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "0", description = "port on 127.0.0.1 (default: any free one)")
    int port;

    @Option(
            names = "--outlets",
            defaultValue = "1",
            description = "outlets to make: outlet-0001 ... (default ${DEFAULT-VALUE})")
    int outlets;

    @Option(names = "--codes", description = "write 'outletId,provisioningCode' lines to this file")
    Path codes;

    @Option(
            names = "--samples",
            description =
                    "queue a test-print command and put a delivery order on the feed of each outlet (what cloud-check checks)")
    boolean samples;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (outlets < 1 || outlets > 100_000) {
            System.err.println("dapur-edge fake-cloud: --outlets must be 1-100000");
            return 2;
        }
        if (port < 0 || port > 65535) {
            System.err.println("dapur-edge fake-cloud: --port must be 0-65535");
            return 2;
        }
        FakeCloud cloud;
        try {
            cloud = FakeCloud.start(Vertx.vertx(), true, port, null);
        } catch (Exception e) {
            System.err.println(
                    "dapur-edge fake-cloud: cannot listen on 127.0.0.1:" + port + " (" + e.getMessage() + ")");
            return 2;
        }
        cloud.keepPayloads(false);
        ObjectMapper json = new ObjectMapper();
        SecureRandom random = new SecureRandom();
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= outlets; i++) {
            String outlet = String.format("outlet-%04d", i);
            byte[] b = new byte[12];
            random.nextBytes(b);
            String code = "code-" + HexFormat.of().formatHex(b);
            cloud.provisioningCode(code);
            ObjectNode config = json.createObjectNode();
            config.putObject("kitchen").put("amberAfter", "6m");
            cloud.config(outlet, "v1", null, config);
            if (samples) {
                cloud.command(
                        outlet,
                        Map.of(
                                "commandId",
                                "cmd-" + outlet + "-1",
                                "type",
                                "test-print",
                                "args",
                                Map.of("printerId", "kitchen-1")));
                cloud.feedOrder(
                        outlet, "feed-" + outlet + "-1", "GRABFOOD", "GF-" + i, json.readTree("""
                        {"orderId":"GF-%d","source":"grabfood","channel":"GRABFOOD","placedAt":"2026-12-06T12:00:00Z",
                         "items":[{"lineId":"1","name":"Ayam Geprek","qty":1,"category":"food"}]}""".formatted(i)));
            }
            lines.add(outlet + "," + code);
        }
        if (codes != null) {
            Files.write(codes, lines);
        }
        System.out.printf(
                """
                fake back office at %s (status: %s)
                  %d outlet(s), each with a one-time provisioning code and configuration version v1%s
                  %s
                Ctrl-C stops.
                """,
                cloud.url(),
                cloud.url().replace("/api", "/fake/status"),
                outlets,
                samples ? ", a test-print command and a delivery order queued" : "",
                codes != null
                        ? "codes written to " + codes
                        : "first outlet: " + lines.get(0).replace(",", ", code "));
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            cloud.close();
                            stop.countDown();
                        },
                        "fake-cloud-stop"));
        stop.await();
        return 0;
    }
}
