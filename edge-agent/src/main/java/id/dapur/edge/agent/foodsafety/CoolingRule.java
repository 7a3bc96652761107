package id.dapur.edge.agent.foodsafety;

import id.dapur.edge.config.HaccpConfig.Cooling;
import id.dapur.edge.config.HaccpConfig.CoolingStage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The cooling rule (a blast chiller, a probe in a cooling batch): a cycle starts when the food is at or
 * above the start temperature, and must pass each stage in time (US Food Code: 21 °C within 2 h, 5 °C
 * within 6 h). Missing a stage raises TEMPERATURE_HIGH, cleared when the cycle completes or restarts.
 */
final class CoolingRule {
    private final String name;
    private final Cooling cooling;
    private Instant cycleStart;
    private int stage;
    private boolean alerting;
    private double last;

    CoolingRule(String name, Cooling cooling) {
        this.name = name;
        this.cooling = cooling;
    }

    List<Verdict> reading(double celsius, Instant at) {
        List<Verdict> out = new ArrayList<>();
        last = celsius;
        if (celsius >= cooling.startAt()) {
            if (alerting) {
                out.add(new Verdict.Clear("TEMPERATURE_HIGH"));
                out.add(new Verdict.ExcursionEnded(at, celsius));
                alerting = false;
            }
            cycleStart = at; // a new batch (or still heating): the clock starts when it starts to cool
            stage = 0;
            return out;
        }
        if (cycleStart == null) {
            return out;
        }
        while (stage < cooling.stages().size()
                && celsius <= cooling.stages().get(stage).celsius()) {
            stage++;
        }
        if (stage == cooling.stages().size()) {
            if (alerting) {
                out.add(new Verdict.Clear("TEMPERATURE_HIGH"));
                out.add(new Verdict.ExcursionEnded(at, celsius));
                alerting = false;
            }
            cycleStart = null;
            return out;
        }
        return tick(at, out);
    }

    List<Verdict> tick(Instant now) {
        return tick(now, new ArrayList<>());
    }

    private List<Verdict> tick(Instant now, List<Verdict> out) {
        if (cycleStart == null || alerting || stage >= cooling.stages().size()) {
            return out;
        }
        CoolingStage s = cooling.stages().get(stage);
        if (Duration.between(cycleStart, now).compareTo(s.within()) > 0) {
            alerting = true;
            out.add(new Verdict.ExcursionStarted("TEMPERATURE_HIGH", s.celsius(), now, last));
            out.add(new Verdict.Raise(
                    "TEMPERATURE_HIGH",
                    "WARNING",
                    String.format(
                            Locale.ROOT,
                            "%s cooling too slowly: %.1f °C after %s, must reach %.1f °C within %s",
                            name,
                            last,
                            TemperatureRule.minutes(Duration.between(cycleStart, now)),
                            s.celsius(),
                            TemperatureRule.minutes(s.within()))));
        }
        return out;
    }
}
