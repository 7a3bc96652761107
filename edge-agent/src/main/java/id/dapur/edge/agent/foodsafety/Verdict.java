package id.dapur.edge.agent.foodsafety;

import java.time.Instant;

/** What a rule concluded from a reading or the passing of time. */
sealed interface Verdict {
    /** Raise an alert of this kind for the sensor (raised once: the store ignores a repeat). */
    record Raise(String kind, String severity, String message) implements Verdict {}

    record Clear(String kind) implements Verdict {}

    /** A reading crossed the limit; recorded for the report whether or not it lasts long enough to alert. */
    record ExcursionStarted(String kind, double limit, Instant at, double celsius) implements Verdict {}

    /** The excursion is over (back inside the limit, past the hysteresis if it alerted). */
    record ExcursionEnded(Instant at, double peak) implements Verdict {}
}
