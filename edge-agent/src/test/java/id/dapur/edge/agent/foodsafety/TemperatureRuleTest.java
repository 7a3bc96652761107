package id.dapur.edge.agent.foodsafety;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.config.HaccpConfig;
import id.dapur.edge.config.SensorConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HACCP rules over recorded reading sequences, one reading a minute unless said otherwise. */
class TemperatureRuleTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private static SensorConfig sensor(String equipment, SensorConfig.Defrost defrost) {
        return new SensorConfig(
                "fridge-1",
                "Fridge 1",
                equipment,
                "dapur",
                null,
                "C",
                null,
                0,
                null,
                0.5,
                Duration.ofMinutes(10),
                Duration.ofMinutes(15),
                defrost,
                null);
    }

    /** Feeds one reading per minute from T0 + startMinute; returns every verdict with its minute. */
    private static List<String> feed(TemperatureRule rule, int startMinute, double... celsius) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < celsius.length; i++) {
            int minute = startMinute + i;
            for (Verdict v : rule.reading(celsius[i], T0.plus(Duration.ofMinutes(minute)))) {
                out.add(minute + ":" + name(v));
            }
        }
        return out;
    }

    private static String name(Verdict v) {
        if (v instanceof Verdict.Raise r) {
            return "raise " + r.kind();
        }
        if (v instanceof Verdict.Clear c) {
            return "clear " + c.kind();
        }
        return v instanceof Verdict.ExcursionStarted ? "excursion" : "end";
    }

    @Test
    void aDoorOpeningIsAnExcursionButNotAnAlert() {
        TemperatureRule rule =
                new TemperatureRule(sensor("cold-hold", SensorConfig.Defrost.NONE), 5.0, ZoneOffset.UTC, T0);
        // a delivery: the door stands open for six minutes, the fridge recovers
        List<String> v = feed(rule, 0, 3.5, 3.6, 6.2, 7.8, 8.4, 8.0, 7.1, 6.0, 4.9, 4.2, 3.8);
        assertThat(v).containsExactly("2:excursion", "8:end");
        assertThat(rule.alerting()).isFalse();
    }

    @Test
    void aRealFailureAlertsAfterTheDelayAndClearsPastTheHysteresisOnce() {
        TemperatureRule rule =
                new TemperatureRule(sensor("cold-hold", SensorConfig.Defrost.NONE), 5.0, ZoneOffset.UTC, T0);
        // the compressor stops: 14 minutes above 5 °C, then it is fixed; 4.8 °C is inside the limit but not past the
        // hysteresis
        List<String> v = feed(
                rule, 0, 4.0, 5.5, 6.0, 6.5, 7.0, 7.5, 8.0, 8.5, 9.0, 9.5, 10.0, 10.2, 10.4, 10.5, 10.1, 4.8, 4.8, 4.4,
                4.0);
        assertThat(v)
                .containsExactly("1:excursion", "11:raise TEMPERATURE_HIGH", "17:clear TEMPERATURE_HIGH", "17:end");
    }

    @Test
    void theDelayIsAlsoReachedBetweenReadings() {
        TemperatureRule rule =
                new TemperatureRule(sensor("cold-hold", SensorConfig.Defrost.NONE), 5.0, ZoneOffset.UTC, T0);
        feed(rule, 0, 9.0);
        assertThat(rule.tick(T0.plus(Duration.ofMinutes(9)))).isEmpty();
        assertThat(rule.tick(T0.plus(Duration.ofMinutes(10))))
                .extracting(TemperatureRuleTest::name)
                .containsExactly("raise TEMPERATURE_HIGH");
        assertThat(rule.tick(T0.plus(Duration.ofMinutes(11)))).as("raised once").isEmpty();
    }

    @Test
    void defrostRelaxesTheLimitOrSuppressesAlerts() {
        SensorConfig.Defrost relaxed =
                new SensorConfig.Defrost(List.of(LocalTime.of(10, 0)), Duration.ofMinutes(30), 10.0);
        TemperatureRule freezer = new TemperatureRule(sensor("freezer", relaxed), -18.0, ZoneOffset.UTC, T0);
        // during the 10:00-10:30 defrost −10 °C is allowed (−18 + 10); after it, −10 °C is an excursion
        assertThat(feed(freezer, 0, -18.5, -14.0, -10.0, -9.0, -12.0)).isEmpty();
        assertThat(feed(freezer, 30, -10.0)).containsExactly("30:excursion");

        SensorConfig.Defrost suppress =
                new SensorConfig.Defrost(List.of(LocalTime.of(10, 0)), Duration.ofMinutes(30), null);
        TemperatureRule quiet = new TemperatureRule(sensor("freezer", suppress), -18.0, ZoneOffset.UTC, T0);
        List<String> v =
                feed(quiet, 0, -5, -5, -5, -5, -5, -5, -5, -5, -5, -5, -5, -5, -5, -5, -5, -5, -5, -5, -5, -5, -5);
        assertThat(v).isEmpty();
        assertThat(quiet.tick(T0.plus(Duration.ofMinutes(29)))).isEmpty();
    }

    @Test
    void aSilentSensorIsStaleOnceAndRecoversWithItsNextReading() {
        TemperatureRule rule =
                new TemperatureRule(sensor("cold-hold", SensorConfig.Defrost.NONE), 5.0, ZoneOffset.UTC, T0);
        feed(rule, 0, 3.0);
        assertThat(rule.tick(T0.plus(Duration.ofMinutes(15)))).isEmpty();
        assertThat(rule.tick(T0.plus(Duration.ofMinutes(16))))
                .extracting(TemperatureRuleTest::name)
                .containsExactly("raise SENSOR_STALE");
        assertThat(rule.tick(T0.plus(Duration.ofMinutes(30)))).isEmpty();
        assertThat(feed(rule, 31, 3.1)).containsExactly("31:clear SENSOR_STALE");
        assertThat(rule.availability(false, T0.plus(Duration.ofMinutes(32))))
                .extracting(TemperatureRuleTest::name)
                .containsExactly("raise SENSOR_STALE");
        assertThat(rule.availability(false, T0.plus(Duration.ofMinutes(33)))).isEmpty();
    }

    @Test
    void hotHoldAlertsBelowItsMinimum() {
        TemperatureRule rule =
                new TemperatureRule(sensor("hot-hold", SensorConfig.Defrost.NONE), 57.0, ZoneOffset.UTC, T0);
        List<String> v = feed(rule, 0, 65, 58, 56, 55, 54, 54, 54, 54, 54, 54, 54, 54, 54, 60);
        assertThat(v).containsExactly("2:excursion", "12:raise TEMPERATURE_LOW", "13:clear TEMPERATURE_LOW", "13:end");
    }

    @Test
    void withoutAHoldingLimitOnlySilenceIsWatched() {
        TemperatureRule rule =
                new TemperatureRule(sensor("cooling", SensorConfig.Defrost.NONE), null, ZoneOffset.UTC, T0);
        assertThat(feed(rule, 0, 70, 60, 40, 20)).isEmpty(); // a cooling batch: CoolingRule's business
        assertThat(rule.tick(T0.plus(Duration.ofMinutes(20))))
                .extracting(TemperatureRuleTest::name)
                .containsExactly("raise SENSOR_STALE");
    }

    @Test
    void coolingTooSlowlyIsCaughtAtTheStageDeadline() {
        CoolingRule rule = new CoolingRule(
                "Blast chiller",
                new HaccpConfig(
                                "us-food-code",
                                Map.of(),
                                Duration.ofMinutes(15),
                                Duration.ZERO,
                                Duration.ofDays(7),
                                Duration.ofMinutes(15),
                                Duration.ofDays(730),
                                1000)
                        .cooling());
        assertThat(rule.reading(70, T0)).isEmpty();
        assertThat(rule.reading(50, T0.plus(Duration.ofMinutes(30)))).isEmpty();
        assertThat(rule.reading(25, T0.plus(Duration.ofMinutes(119)))).isEmpty();
        assertThat(rule.tick(T0.plus(Duration.ofMinutes(121))))
                .extracting(TemperatureRuleTest::name)
                .containsExactly("excursion", "raise TEMPERATURE_HIGH");
        assertThat(rule.reading(20, T0.plus(Duration.ofMinutes(130)))).isEmpty(); // stage 1 late, still cooling
        assertThat(rule.reading(4.5, T0.plus(Duration.ofMinutes(300))))
                .extracting(TemperatureRuleTest::name)
                .containsExactly("clear TEMPERATURE_HIGH", "end");
        // a batch that makes it in time raises nothing
        assertThat(rule.reading(60, T0.plus(Duration.ofHours(10)))).isEmpty();
        assertThat(rule.reading(20, T0.plus(Duration.ofHours(11)))).isEmpty();
        assertThat(rule.reading(5, T0.plus(Duration.ofHours(14)))).isEmpty();
        assertThat(rule.tick(T0.plus(Duration.ofHours(20)))).isEmpty();
    }
}
