package id.dapur.edge.devices.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import id.dapur.edge.devices.printer.SerialLink;
import id.dapur.edge.devices.scale.ScaleReading.State;
import id.dapur.edge.devices.serial.SerialSettings;
import id.dapur.edge.devices.sim.PtyPair;
import id.dapur.edge.devices.sim.SimulatedScale;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each protocol's real bytes through a socat pseudo-terminal pair, driver on one end, simulated scale on the other. */
class SerialScaleIT {
    @TempDir
    Path dir;

    private PtyPair pty;
    private SimulatedScale sim;
    private SerialScale scale;
    private final List<ScaleReading> readings = new CopyOnWriteArrayList<>();
    private final List<SerialScale.Connection> connections = new CopyOnWriteArrayList<>();
    private final List<String> garbage = new CopyOnWriteArrayList<>();

    private static SerialSettings line(Path p, String protocol) {
        // Toledo and CAS scales usually run 7E1, MT-SICS 8N1: the link must use what config says
        return protocol.equals("mt-sics")
                ? new SerialSettings(p.toString(), 9600, 8, "1", "none", "none")
                : new SerialSettings(p.toString(), 9600, 7, "1", "even", "none");
    }

    private void start(String protocol, String unit) throws Exception {
        pty = PtyPair.create(dir, "scale");
        sim = new SimulatedScale(protocol, unit, line(pty.device(), protocol));
        scale = new SerialScale(
                "s1",
                new SerialLink(line(pty.host(), protocol)),
                ScaleProtocol.of(protocol, unit),
                Duration.ofMillis(50),
                new SerialScale.Listener() {
                    @Override
                    public void reading(ScaleReading r) {
                        readings.add(r);
                    }

                    @Override
                    public void connection(SerialScale.Connection c) {
                        connections.add(c);
                    }

                    @Override
                    public void garbage(String reason) {
                        garbage.add(reason);
                    }
                },
                Clock.systemUTC());
        scale.start();
    }

    @AfterEach
    void stop() {
        if (scale != null) {
            scale.close();
        }
        if (sim != null) {
            sim.close();
        }
        if (pty != null) {
            pty.close();
        }
    }

    private ScaleReading last() {
        return readings.isEmpty() ? null : readings.get(readings.size() - 1);
    }

    private void awaitReading(double grams, State state) {
        readings.clear();
        await().atMost(Duration.ofSeconds(10))
                .alias("reading " + grams + " " + state + ", connections " + connections + ", garbage " + garbage)
                .until(() -> last() != null && last().grams() == grams && last().state() == state);
    }

    @ParameterizedTest
    @ValueSource(strings = {"toledo-8217", "mt-sics", "cas"})
    void stableMotionOverloadAndNegativeAreTold(String protocol) throws Exception {
        start(protocol, "kg");
        sim.weigh(1234);
        awaitReading(1234, State.STABLE);
        assertThat(connections.get(0).connected()).isTrue();
        sim.motion(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> last().state() == State.MOTION);
        sim.motion(false).overload(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> last().state() == State.OVERLOAD);
        sim.overload(false).weigh(-150);
        await().atMost(Duration.ofSeconds(10)).until(() -> last().state() == State.NEGATIVE);
        assertThat(readings)
                .filteredOn(r -> r.grams() < 0 || r.state() != State.STABLE)
                .noneMatch(ScaleReading::stable);
    }

    @ParameterizedTest
    @ValueSource(strings = {"toledo-8217", "mt-sics", "cas"})
    void garbageIsCountedAndNeverAWeight(String protocol) throws Exception {
        start(protocol, "kg");
        sim.weigh(500);
        awaitReading(500, State.STABLE);
        sim.garbage(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> scale.garbageFrames() >= 3);
        readings.clear();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> scale.garbageFrames() >= 4);
        assertThat(readings).isEmpty();
        assertThat(garbage.get(0)).isNotBlank();
        sim.garbage(false);
        awaitReading(500, State.STABLE);
    }

    @Test
    void tareAndZeroOverMtSics() throws Exception {
        start("mt-sics", "g");
        sim.weigh(300);
        awaitReading(300, State.STABLE);
        scale.tare().get(5, TimeUnit.SECONDS);
        awaitReading(0, State.STABLE);
        sim.weigh(550);
        awaitReading(250, State.STABLE);
        sim.motion(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> last().state() == State.MOTION);
        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                ExecutionException.class, () -> scale.zero().get(5, TimeUnit.SECONDS));
        assertThat(refused.getCause()).hasMessageContaining("in motion");
        sim.motion(false);
        scale.zero().get(5, TimeUnit.SECONDS);
        awaitReading(0, State.STABLE);
    }

    @Test
    void tareOverToledoAndNoneOverCas() throws Exception {
        start("toledo-8217", "kg");
        sim.weigh(800);
        awaitReading(800, State.STABLE);
        scale.tare().get(5, TimeUnit.SECONDS);
        awaitReading(0, State.STABLE);
        ExecutionException cas = org.junit.jupiter.api.Assertions.assertThrows(
                ExecutionException.class,
                () -> new SerialScale(
                                "c",
                                new SerialLink(line(dir.resolve("none"), "cas")),
                                ScaleProtocol.of("cas", "kg"),
                                Duration.ofMillis(50),
                                null,
                                Clock.systemUTC())
                        .tare()
                        .get());
        assertThat(cas.getCause()).hasMessageContaining("use the scale's key");
    }

    @Test
    void aSilentScaleAndAnUnpluggedPortAreReportedAndRecoveredFrom() throws Exception {
        start("toledo-8217", "kg");
        sim.weigh(100);
        awaitReading(100, State.STABLE);
        sim.silent(true);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !connections.get(connections.size() - 1).connected());
        assertThat(connections.get(connections.size() - 1).reason())
                .contains("no answer from the scale within 1000 ms");
        sim.silent(false);
        awaitReading(100, State.STABLE);
        assertThat(connections.get(connections.size() - 1).connected()).isTrue();

        sim.close();
        pty.close(); // the USB cable is pulled: the device node goes away
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            SerialScale.Connection c = connections.get(connections.size() - 1);
            return !c.connected()
                    && c.reason() != null
                    && c.reason().contains(pty.host().toString());
        });
        pty = PtyPair.create(dir, "scale"); // plugged back in
        sim = new SimulatedScale("toledo-8217", "kg", line(pty.device(), "toledo-8217"));
        sim.weigh(200);
        awaitReading(200, State.STABLE);
    }
}
