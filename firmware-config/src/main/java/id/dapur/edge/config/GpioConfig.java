package id.dapur.edge.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Signals wired to the Pi's GPIO header: outputs (buzzer, stack light colours, a relay) and inputs
 * (door contacts, an acknowledge button). BCM pin numbers.
 *
 * @param provider {@code auto} drives the real header (Pi4J's Raspberry Pi providers), {@code mock} Pi4J's
 *                 mock plugin (a box without GPIO, the demo); absent section: no GPIO at all
 */
public record GpioConfig(String provider, List<Output> outputs, List<Input> inputs) {
    public static final GpioConfig NONE = new GpioConfig("none", List.of(), List.of());
    static final Set<String> OUTPUT_ROLES = Set.of("buzzer", "light-red", "light-amber", "light-green", "relay");
    static final Set<String> INPUT_ROLES = Set.of("door", "ack-button");

    public GpioConfig {
        outputs = List.copyOf(outputs);
        inputs = List.copyOf(inputs);
    }

    /** An output pin; {@code relay} follows CRITICAL alerts like the red light, for a remote siren or pager. */
    public record Output(String id, int pin, String role, boolean activeLow) {
        static Output read(ConfigNode n) {
            String id = n.matching("id", null, DevicesConfig.ID, DevicesConfig.ID_RULE);
            int pin = n.integer("pin", -1, 0, 27);
            String role = n.requiredString("role");
            if (role != null && !OUTPUT_ROLES.contains(role)) {
                n.problem(
                        "role",
                        "must be one of buzzer, light-red, light-amber, light-green, relay, got '" + role + "'");
            }
            boolean activeLow = n.bool("activeLow", false);
            if (pin < 0 && !n.has("pin")) {
                n.problem("pin", "is required (BCM number 0-27)");
            }
            return id == null ? null : new Output(id, pin, role, activeLow);
        }
    }

    /**
     * An input pin; a {@code door} contact raises DOOR_OPEN once open for {@code openAlertAfter}; an
     * {@code ack-button} silences the buzzer. {@code activeLow}: the input is active (door open, button
     * pressed) when the pin reads low — true for a button to ground, false for a normally-closed reed
     * switch to ground (door shut pulls the pin low).
     */
    public record Input(
            String id,
            String name,
            int pin,
            String role,
            String pull,
            boolean activeLow,
            Duration debounce,
            Duration openAlertAfter) {
        static Input read(ConfigNode n) {
            String id = n.matching("id", null, DevicesConfig.ID, DevicesConfig.ID_RULE);
            String name = n.string("name", id);
            int pin = n.integer("pin", -1, 0, 27);
            if (pin < 0 && !n.has("pin")) {
                n.problem("pin", "is required (BCM number 0-27)");
            }
            String role = n.requiredString("role");
            if (role != null && !INPUT_ROLES.contains(role)) {
                n.problem("role", "must be door or ack-button, got '" + role + "'");
            }
            String pull = n.string("pull", "up");
            if (!Set.of("up", "down", "off").contains(pull)) {
                n.problem("pull", "must be up, down or off, got '" + pull + "'");
            }
            boolean activeLow = n.bool("activeLow", true);
            Duration debounce = n.duration("debounce", Duration.ofMillis(50), Duration.ZERO, Duration.ofSeconds(5));
            Duration after =
                    n.duration("openAlertAfter", Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofHours(12));
            return id == null ? null : new Input(id, name, pin, role, pull, activeLow, debounce, after);
        }
    }

    static GpioConfig read(ConfigNode n) {
        String provider = n.string("provider", "auto");
        if (!Set.of("auto", "mock").contains(provider)) {
            n.problem("provider", "must be auto or mock, got '" + provider + "'");
        }
        List<Output> outputs = n.list("outputs", Output::read);
        List<Input> inputs = n.list("inputs", Input::read);
        List<String> ids = new ArrayList<>(outputs.stream().map(Output::id).toList());
        ids.addAll(inputs.stream().map(Input::id).toList());
        DapurConfig.unique(n, "outputs/inputs", ids);
        List<Integer> pins = new ArrayList<>(outputs.stream().map(Output::pin).toList());
        pins.addAll(inputs.stream().map(Input::pin).toList());
        DapurConfig.unique(
                n, "outputs/inputs pin", pins.stream().map(String::valueOf).toList());
        return new GpioConfig(provider, outputs, inputs);
    }
}
