package id.dapur.edge.devices.scale;

import java.time.Instant;

/**
 * One weight as the scale reported it, in grams. Only {@link State#STABLE} is a weight to sell or
 * record; in motion, over capacity or below zero it is shown but never called stable.
 */
public record ScaleReading(double grams, State state, Instant at) {

    /** What the scale said about the weight. */
    public enum State {
        STABLE("stable"),
        MOTION("the scale is in motion"),
        OVERLOAD("over capacity"),
        NEGATIVE("below zero");

        private final String reason;

        State(String reason) {
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    public ScaleReading {
        if (state == State.STABLE && grams < 0) {
            state = State.NEGATIVE; // a negative weight is never a stable sale, whatever the scale says
        }
    }

    public boolean stable() {
        return state == State.STABLE;
    }
}
