package id.dapur.edge.agent.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.sandbox.PosWatch.Via;
import id.dapur.edge.contract.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The sandbox's judgement of a POS, send by send, on a clock the test moves. */
class PosWatchTest {
    final ManualClock clock = new ManualClock(Instant.parse("2026-12-06T10:00:00Z"));
    final List<String> said = new ArrayList<>();
    final Topics topics = new Topics("sandbox");

    PosWatch watch(List<Fault> faults, int every) {
        return new PosWatch(
                topics, Set.of("pos-1"), new FaultPlan(faults, every), Duration.ofSeconds(30), clock, said::add);
    }

    static byte[] order(String id, String placedAt, int qty) {
        return ("{\"orderId\":\"" + id + "\",\"source\":\"t\",\"channel\":\"DINE_IN\",\"table\":\"3\",\"placedAt\":\""
                        + placedAt + "\",\"items\":[{\"lineId\":\"1\",\"name\":\"Soto\",\"qty\":" + qty
                        + ",\"category\":\"food\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] order(String id) {
        return order(id, "2026-12-06T10:00:00Z", 1);
    }

    SandboxReport.Status status(SandboxReport r, String name) {
        return r.checks().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow()
                .status();
    }

    void subscribe(PosWatch w) {
        w.connected("pos-1-a", "pos-1", false);
        w.subscribed("pos-1-a", "pos-1", "dapur/sandbox/orders/+/events", 1);
    }

    @Test
    void aPosThatResendsTheSameOrderAfterAWithheldAcceptedPasses() {
        PosWatch w = watch(List.of(Fault.WITHHOLD), 1);
        subscribe(w);
        PosWatch.Attempt a = w.order(Via.MQTT, "pos-1", 1, order("A-1"));
        assertThat(a).isEqualTo(new PosWatch.Attempt("A-1", Fault.WITHHOLD));
        assertThat(w.answer("A-1", "ACCEPTED", null, null)).as("withheld").isFalse();
        clock.advance(Duration.ofSeconds(3));
        assertThat(w.order(Via.MQTT, "pos-1", 1, order("A-1")).fault())
                .as("a resend gets no fault")
                .isNull();
        assertThat(w.answer("A-1", "DUPLICATE", null, null)).isTrue();
        SandboxReport r = w.report(true);
        assertThat(status(r, "survives-withhold")).isEqualTo(SandboxReport.Status.PASS);
        assertThat(status(r, "no-doubles")).isEqualTo(SandboxReport.Status.PASS);
        assertThat(status(r, "same-content")).isEqualTo(SandboxReport.Status.PASS);
        assertThat(r.verdict()).as("the other faults were not tried").isEqualTo(SandboxReport.Verdict.INCOMPLETE);
        assertThat(r.exitCode()).isEqualTo(3);
    }

    @Test
    void aNewIdForTheSameMealIsASecondOrder() {
        PosWatch w = watch(List.of(Fault.WITHHOLD), 1);
        subscribe(w);
        w.order(Via.MQTT, "pos-1", 1, order("A-1"));
        w.answer("A-1", "ACCEPTED", null, null);
        clock.advance(Duration.ofSeconds(3));
        w.order(Via.MQTT, "pos-1", 1, order("A-1-again", "2026-12-06T10:00:03Z", 1));
        w.answer("A-1-again", "ACCEPTED", null, null);
        clock.advance(Duration.ofSeconds(40));
        SandboxReport r = w.report(false);
        assertThat(status(r, "no-doubles")).isEqualTo(SandboxReport.Status.FAIL);
        assertThat(status(r, "survives-withhold")).isEqualTo(SandboxReport.Status.FAIL);
        assertThat(r.checks().stream()
                        .filter(c -> c.name().equals("survives-withhold"))
                        .findFirst()
                        .orElseThrow()
                        .examples())
                .containsExactly("A-1: sent again as a new order A-1-again");
        assertThat(r.verdict()).isEqualTo(SandboxReport.Verdict.FAIL);
        assertThat(r.exitCode()).isEqualTo(1);
    }

    @Test
    void aResendWithOtherContentAndOneAfterTheAnswerAreNamed() {
        PosWatch w = watch(List.of(), 1);
        subscribe(w);
        w.order(Via.HTTP, "pos-1", 1, order("B-1"));
        clock.advance(Duration.ofSeconds(3));
        w.order(Via.HTTP, "pos-1", 1, order("B-1", "2026-12-06T10:00:03Z", 1)); // placedAt changed
        w.order(Via.HTTP, "pos-1", 1, order("B-2"));
        w.answer("B-2", "ACCEPTED", null, null);
        clock.advance(Duration.ofSeconds(5));
        w.order(Via.HTTP, "pos-1", 1, order("B-2"));
        SandboxReport r = w.report(false);
        assertThat(status(r, "same-content")).isEqualTo(SandboxReport.Status.FAIL);
        assertThat(status(r, "stops-when-answered")).isEqualTo(SandboxReport.Status.FAIL);
        assertThat(r.problems())
                .anyMatch(p -> p.contains("B-1 was sent again with other content"))
                .anyMatch(p -> p.contains("B-2 was sent again after the POS got ACCEPTED"));
    }

    @Test
    void invalidOrdersAreReportedInPlainWordsAndGetNoFault() {
        PosWatch w = watch(List.of(Fault.WITHHOLD), 1);
        subscribe(w);
        assertThat(w.order(Via.MQTT, "pos-1", 0, order("C-1", "2026-12-06T10:00:00Z", 0))
                        .fault())
                .isNull();
        SandboxReport r = w.report(false);
        assertThat(status(r, "messages-valid")).isEqualTo(SandboxReport.Status.FAIL);
        assertThat(status(r, "mqtt-qos")).isEqualTo(SandboxReport.Status.FAIL);
        assertThat(r.problems())
                .anyMatch(p -> p.startsWith("order C-1 from pos-1 (MQTT) does not match the contract: items[0].qty"))
                .anyMatch(p -> p.contains("QoS 0"));
        assertThat(w.order(Via.MQTT, "pos-1", 1, order("C-2")).fault())
                .as("the fault goes to the next valid order")
                .isEqualTo(Fault.WITHHOLD);
        assertThat(w.order(Via.MQTT, "pos-1", 1, "not json".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new PosWatch.Attempt(null, null));
    }

    @Test
    void aPosNotSubscribedToItsAnswersIsDeaf() {
        PosWatch w = watch(List.of(), 1);
        w.connected("pos-1-a", "pos-1", true);
        w.subscribed("pos-1-a", "pos-1", "dapur/sandbox/kitchen/load", 1);
        w.order(Via.MQTT, "pos-1", 1, order("D-1"));
        assertThat(status(w.report(false), "mqtt-listens")).isEqualTo(SandboxReport.Status.FAIL);
        w.subscribed("pos-1-a", "pos-1", "dapur/sandbox/orders/D-2/events", 1);
        w.order(Via.MQTT, "pos-1", 1, order("D-2"));
        assertThat(w.report(false).checks().stream()
                        .filter(c -> c.name().equals("mqtt-listens"))
                        .findFirst()
                        .orElseThrow()
                        .examples())
                .containsExactly("D-1");
    }

    @Test
    void aRejectedOrderGivesItsFaultToTheNextAndMustNotBeResentUnchanged() {
        PosWatch w = watch(List.of(Fault.RESTART), 1);
        List<String> restarts = new ArrayList<>();
        w.onRestart(() -> restarts.add("restart"));
        subscribe(w);
        assertThat(w.order(Via.MQTT, "pos-1", 1, order("E-1")).fault()).isEqualTo(Fault.RESTART);
        w.answer("E-1", "REJECTED", "UNKNOWN_STATION", "no station");
        clock.advance(Duration.ofSeconds(3));
        w.order(Via.MQTT, "pos-1", 1, order("E-1"));
        assertThat(w.order(Via.MQTT, "pos-1", 1, order("E-2")).fault())
                .as("given again")
                .isEqualTo(Fault.RESTART);
        assertThat(w.answer("E-2", "ACCEPTED", null, null)).isFalse();
        assertThat(restarts).hasSize(1);
        assertThat(w.settled(2)).as("not while restarting").isFalse();
        w.restarted();
        SandboxReport r = w.report(false);
        assertThat(status(r, "rejected-not-resent")).isEqualTo(SandboxReport.Status.FAIL);
        assertThat(status(r, "orders-accepted")).isEqualTo(SandboxReport.Status.FAIL);
        assertThat(status(r, "survives-restart"))
                .as("within the 30 s to resend")
                .isEqualTo(SandboxReport.Status.NOT_TESTED);
        clock.advance(Duration.ofSeconds(31));
        assertThat(status(w.report(false), "survives-restart")).isEqualTo(SandboxReport.Status.FAIL);
    }

    @Test
    void aDroppedMqttConnectionIsSurvivedThroughAPersistentSession() {
        PosWatch w = watch(List.of(Fault.DROP), 1);
        subscribe(w);
        assertThat(w.order(Via.MQTT, "pos-1", 1, order("F-1")).fault()).isEqualTo(Fault.DROP);
        w.disconnected("pos-1-a", false);
        clock.advance(Duration.ofMillis(5));
        assertThat(w.answer("F-1", "ACCEPTED", null, null))
                .as("queued in the persistent session")
                .isTrue();
        SandboxReport r = w.report(true);
        assertThat(status(r, "survives-drop")).isEqualTo(SandboxReport.Status.PASS);
        assertThat(r.checks().stream()
                        .filter(c -> c.name().equals("survives-drop"))
                        .findFirst()
                        .orElseThrow()
                        .detail())
                .isEqualTo("1 order answered through the POS's persistent MQTT session after it reconnected");
        assertThat(w.settled(1)).isTrue();
    }

    @Test
    void faultsComeInTurnOnEveryNthNewOrder() {
        FaultPlan plan = new FaultPlan(List.of(Fault.WITHHOLD, Fault.DROP), 2);
        List<Fault> got = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            got.add(plan.next(false));
        }
        assertThat(got).containsExactly(null, Fault.WITHHOLD, null, Fault.DROP, null, Fault.WITHHOLD);
        plan.ask(Fault.RESTART);
        assertThat(plan.next(true)).as("no restart while one is under way").isNull();
        assertThat(plan.next(false)).isEqualTo(Fault.RESTART);
        assertThat(Fault.parseList("all")).containsExactly(Fault.values());
        assertThat(Fault.parseList("")).isEmpty();
    }
}
