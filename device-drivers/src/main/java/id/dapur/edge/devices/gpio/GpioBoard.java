package id.dapur.edge.devices.gpio;

import id.dapur.edge.config.GpioConfig;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The outputs and inputs wired to the GPIO header, by their config ids. Output changes are cheap and
 * thread-safe; input changes are reported on Pi4J's event thread (hop to your own context).
 * "Active" means door open / button pressed, whatever the wiring's polarity.
 */
public interface GpioBoard extends AutoCloseable {

    /** Opens the pins through Pi4J: the gpiod provider on a Pi ({@code auto}), or the mock plugin. */
    static GpioBoard create(GpioConfig config) {
        return new Pi4jBoard(config);
    }

    void set(String outputId, boolean on);

    /** Every output's current state. */
    Map<String, Boolean> outputs();

    /** Every input's current state (true: active). */
    Map<String, Boolean> inputs();

    /** Told (input id, active) on every change of an input. */
    void onInput(BiConsumer<String, Boolean> listener);

    /** Drives a mock input as a person at the hardware would (mock provider only: tests and the demo). */
    void simulate(String inputId, boolean active);

    @Override
    void close();
}
