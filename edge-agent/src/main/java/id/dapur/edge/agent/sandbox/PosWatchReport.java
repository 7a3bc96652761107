package id.dapur.edge.agent.sandbox;

import static id.dapur.edge.agent.sandbox.SandboxTexts.orders;
import static id.dapur.edge.agent.sandbox.SandboxTexts.seconds;
import static id.dapur.edge.agent.sandbox.SandboxTexts.were;

import id.dapur.edge.agent.sandbox.PosWatch.Via;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a {@link PosWatch} saw, judged: one check per rule of the POS contract (valid messages, QoS 1,
 * listening before publishing, surviving each fault, same content on resend, no doubles, stopping
 * when answered, paced resends). Built under the watch's lock from its state; keeps no state itself.
 */
final class PosWatchReport {
    private final Collection<OrderTrack> orders;
    private final Map<String, Long> counts;
    private final int invalid;
    private final Set<String> qosZero;
    private final Set<String> deaf;
    private final List<String> problems;
    private final int problemsDropped;
    private final Instant started;
    private final Duration resendWithin;

    PosWatchReport(
            Collection<OrderTrack> orders,
            Map<String, Long> counts,
            int invalid,
            Set<String> qosZero,
            Set<String> deaf,
            List<String> problems,
            int problemsDropped,
            Instant started,
            Duration resendWithin) {
        this.orders = orders;
        this.counts = counts;
        this.invalid = invalid;
        this.qosZero = qosZero;
        this.deaf = deaf;
        this.problems = problems;
        this.problemsDropped = problemsDropped;
        this.started = started;
        this.resendWithin = resendWithin;
    }

    SandboxReport build(boolean ended, Instant now) {
        List<SandboxReport.Check> checks = new ArrayList<>();
        long sends = counts.getOrDefault("sends.mqtt", 0L) + counts.getOrDefault("sends.http", 0L);
        checks.add(check(
                "messages-valid",
                "every message the POS sent matches the contract's schemas",
                sends == 0,
                invalid == 0,
                invalid + " of " + sends
                        + " messages did not match their schema (orders: schemas/order.schema.json; voids:"
                        + " schemas/void-request.schema.json)",
                sends + " messages, all valid",
                List.of()));
        List<String> rejected = orders.stream()
                .filter(t -> "REJECTED".equals(t.answer))
                .map(t -> t.orderId + ": " + t.rejectCode + " " + t.rejectMessage)
                .toList();
        long taken = orders.stream().filter(OrderTrack::taken).count();
        checks.add(check(
                "orders-accepted",
                "the agent accepted the POS's orders",
                orders.isEmpty(),
                rejected.isEmpty() && taken > 0,
                rejected.size() + " of " + orders(orders.size()) + " were REJECTED",
                orders(taken) + " accepted",
                rejected));
        boolean mqtt = orders.stream().anyMatch(t -> t.via == Via.MQTT);
        checks.add(check(
                "mqtt-qos",
                "orders are published at QoS 1",
                !mqtt,
                qosZero.isEmpty(),
                were(qosZero.size()) + " published at QoS 0, which a broker may lose silently",
                "every order at QoS 1 or 2",
                List.copyOf(qosZero)));
        checks.add(check(
                "mqtt-listens",
                "the POS listens for its orders' answers before it publishes them",
                !mqtt,
                deaf.isEmpty(),
                were(deaf.size()) + " published with no subscription to their orders/<orderId>/events",
                "subscribed before every order",
                List.copyOf(deaf)));
        for (Fault f : Fault.values()) {
            checks.add(fault(f, now, ended));
        }
        List<String> changed =
                orders.stream().filter(t -> t.changed).map(t -> t.orderId).toList();
        long resent = counts.getOrDefault("resends", 0L);
        checks.add(check(
                "same-content",
                "a resend carries the same order",
                resent == 0,
                changed.isEmpty(),
                were(changed.size()) + " sent again with other content (ORDER_CONFLICT)",
                resent + " resends, each the same order",
                changed));
        List<String> doubles = orders.stream()
                .filter(t -> t.doubleOf != null)
                .map(t -> t.orderId + " repeats " + t.doubleOf)
                .toList();
        checks.add(check(
                "no-doubles",
                "no order was sent twice under two ids",
                orders.isEmpty(),
                doubles.isEmpty(),
                orders(doubles.size()) + (doubles.size() == 1 ? " looks" : " look")
                        + " like a second copy of an order that had no answer yet",
                "no second copies",
                doubles));
        List<String> after = orders.stream()
                .filter(t -> t.sendsAfterAnswer > 0)
                .map(t -> t.orderId)
                .toList();
        checks.add(check(
                "stops-when-answered",
                "an answered order is not sent again",
                taken == 0,
                after.isEmpty(),
                were(after.size()) + " sent again after ACCEPTED or DUPLICATE reached the POS",
                "none sent again once answered",
                after));
        List<String> again = orders.stream()
                .filter(t -> t.resendsAfterRejected > 0)
                .map(t -> t.orderId)
                .toList();
        checks.add(check(
                "rejected-not-resent",
                "a rejected order is not resent unchanged",
                rejected.isEmpty(),
                again.isEmpty(),
                were(again.size()) + " resent unchanged after REJECTED",
                "no rejected order resent",
                again));
        List<String> quick = orders.stream()
                .filter(t -> t.quickResends > 0)
                .map(t -> t.orderId)
                .toList();
        SandboxReport.Check pace = check(
                "resend-pace",
                "resends wait a few seconds, longer each time",
                resent == 0,
                quick.isEmpty(),
                were(quick.size()) + " resent less than " + PosWatch.TOO_QUICK.toMillis()
                        + " ms after the previous send",
                "resends paced",
                quick);
        if (pace.status() == SandboxReport.Status.FAIL) {
            pace = new SandboxReport.Check(
                    pace.name(), pace.title(), SandboxReport.Status.WARN, pace.detail(), pace.examples());
        }
        checks.add(pace);
        List<String> kept = new ArrayList<>(problems);
        if (problemsDropped > 0) {
            kept.add("(" + problemsDropped + " more problems not kept)");
        }
        return SandboxReport.of(started, now, new TreeMap<>(counts), checks, kept);
    }

    private SandboxReport.Check fault(Fault f, Instant now, boolean ended) {
        List<OrderTrack> hit = orders.stream().filter(t -> t.fault == f).toList();
        if (hit.isEmpty()) {
            return new SandboxReport.Check(
                    "survives-" + f.wire(),
                    "survives: " + f.what(),
                    SandboxReport.Status.NOT_TESTED,
                    "not injected (sandbox --faults " + f.wire() + ", or the page's button)",
                    List.of());
        }
        List<String> failed = new ArrayList<>();
        int waiting = 0;
        for (OrderTrack t : hit) {
            if (t.survived()) {
                continue;
            }
            boolean late = ended || Duration.between(t.faultAt, now).compareTo(resendWithin) >= 0;
            if (!late) {
                waiting++;
            } else if (t.changed) {
                failed.add(t.orderId + ": sent again with other content");
            } else if (t.resentAt == null) {
                OrderTrack copy = orders.stream()
                        .filter(o -> t.orderId.equals(o.doubleOf))
                        .findFirst()
                        .orElse(null);
                failed.add(t.orderId
                        + (copy != null
                                ? ": sent again as a new order " + copy.orderId
                                : ": not sent again within " + seconds(resendWithin)));
            } else {
                failed.add(t.orderId + ": sent again, but no ACCEPTED or DUPLICATE reached the POS after it");
            }
        }
        String title = "survives: " + f.what();
        if (!failed.isEmpty()) {
            return new SandboxReport.Check(
                    "survives-" + f.wire(),
                    title,
                    SandboxReport.Status.FAIL,
                    failed.size() + " of " + orders(hit.size())
                            + " did not come through: a POS that hears nothing must send the same order again (same orderId, same"
                            + " content) every few seconds until it hears ACCEPTED, DUPLICATE or REJECTED",
                    failed);
        }
        if (waiting > 0) {
            return new SandboxReport.Check(
                    "survives-" + f.wire(),
                    title,
                    SandboxReport.Status.NOT_TESTED,
                    waiting + " of " + orders(hit.size()) + " still within " + seconds(resendWithin) + " of the fault",
                    List.of());
        }
        long fromSession = hit.stream()
                .filter(t -> t.resentAt == null || t.answeredAt.isBefore(t.resentAt))
                .count();
        String how = orders(hit.size() - fromSession) + " sent again with the same id and content, and answered";
        if (fromSession > 0) {
            how = (hit.size() == fromSession ? "" : how + "; ") + orders(fromSession)
                    + " answered through the POS's persistent MQTT session after it reconnected";
        }
        return new SandboxReport.Check("survives-" + f.wire(), title, SandboxReport.Status.PASS, how, List.of());
    }

    private static SandboxReport.Check check(
            String name, String title, boolean untested, boolean ok, String bad, String good, List<String> examples) {
        if (untested) {
            return new SandboxReport.Check(
                    name, title, SandboxReport.Status.NOT_TESTED, "nothing to judge yet", List.of());
        }
        return new SandboxReport.Check(
                name,
                title,
                ok ? SandboxReport.Status.PASS : SandboxReport.Status.FAIL,
                ok ? good : bad,
                examples.stream().limit(20).toList());
    }
}
