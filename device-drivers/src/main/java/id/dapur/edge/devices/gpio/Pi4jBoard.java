package id.dapur.edge.devices.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import id.dapur.edge.config.GpioConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link GpioBoard} on Pi4J 2 (Java 17 line), with providers chosen explicitly rather than auto-detected. */
final class Pi4jBoard implements GpioBoard {
    private static final Logger LOG = LoggerFactory.getLogger(Pi4jBoard.class);
    private final Context pi4j;
    private final boolean mock;
    private final Map<String, DigitalOutput> outputs = new LinkedHashMap<>();
    private final Map<String, GpioConfig.Output> outputConfig = new LinkedHashMap<>();
    private final Map<String, DigitalInput> inputs = new LinkedHashMap<>();
    private final Map<String, GpioConfig.Input> inputConfig = new LinkedHashMap<>();
    private final CopyOnWriteArrayList<BiConsumer<String, Boolean>> listeners = new CopyOnWriteArrayList<>();

    Pi4jBoard(GpioConfig config) {
        mock = "mock".equals(config.provider());
        pi4j = mock
                ? Pi4J.newContextBuilder()
                        .noAutoDetect()
                        .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance())
                        .build()
                : Pi4J.newContextBuilder()
                        .noAutoDetect()
                        .add(GpioDDigitalInputProvider.newInstance(), GpioDDigitalOutputProvider.newInstance())
                        .build();
        try {
            for (GpioConfig.Output o : config.outputs()) {
                DigitalState off = o.activeLow() ? DigitalState.HIGH : DigitalState.LOW;
                outputs.put(
                        o.id(),
                        pi4j.create(DigitalOutput.newConfigBuilder(pi4j)
                                .id(o.id())
                                .name(o.role())
                                .address(o.pin())
                                .initial(off)
                                .shutdown(off)));
                outputConfig.put(o.id(), o);
            }
            for (GpioConfig.Input i : config.inputs()) {
                DigitalInput in = pi4j.create(DigitalInput.newConfigBuilder(pi4j)
                        .id(i.id())
                        .name(i.name())
                        .address(i.pin())
                        .pull(
                                switch (i.pull()) {
                                    case "down" -> PullResistance.PULL_DOWN;
                                    case "off" -> PullResistance.OFF;
                                    default -> PullResistance.PULL_UP;
                                })
                        .debounce(i.debounce().toNanos() / 1000));
                if (mock) { // start at rest (door shut, button up), as the wiring would, before anyone listens
                    ((MockDigitalInput) in).mockState(i.activeLow() ? DigitalState.HIGH : DigitalState.LOW);
                }
                inputs.put(i.id(), in);
                inputConfig.put(i.id(), i);
                in.addListener(e -> {
                    boolean active = active(i, e.state());
                    listeners.forEach(l -> l.accept(i.id(), active));
                });
            }
        } catch (RuntimeException e) {
            pi4j.shutdown();
            throw e;
        }
        LOG.info(
                "gpio ready [provider: {}, outputs: {}, inputs: {}]",
                mock ? "mock" : "gpiod",
                outputs.keySet(),
                inputs.keySet());
    }

    private static boolean active(GpioConfig.Input i, DigitalState s) {
        return i.activeLow() ? s == DigitalState.LOW : s == DigitalState.HIGH;
    }

    @Override
    public synchronized void set(String outputId, boolean on) {
        DigitalOutput o = outputs.get(outputId);
        if (o == null) {
            throw new IllegalArgumentException("no GPIO output '" + outputId + "'");
        }
        boolean high = outputConfig.get(outputId).activeLow() != on;
        o.state(high ? DigitalState.HIGH : DigitalState.LOW);
    }

    @Override
    public synchronized Map<String, Boolean> outputs() {
        Map<String, Boolean> out = new LinkedHashMap<>();
        outputs.forEach((id, o) ->
                out.put(id, o.state().isHigh() != outputConfig.get(id).activeLow()));
        return out;
    }

    @Override
    public Map<String, Boolean> inputs() {
        Map<String, Boolean> out = new LinkedHashMap<>();
        inputs.forEach((id, in) -> out.put(id, active(inputConfig.get(id), in.state())));
        return out;
    }

    @Override
    public void onInput(BiConsumer<String, Boolean> listener) {
        listeners.add(listener);
    }

    @Override
    public void simulate(String inputId, boolean active) {
        if (!mock) {
            throw new IllegalStateException("inputs can be simulated only with the mock GPIO provider");
        }
        GpioConfig.Input cfg = inputConfig.get(inputId);
        if (cfg == null) {
            throw new IllegalArgumentException("no GPIO input '" + inputId + "'");
        }
        boolean high = cfg.activeLow() != active;
        ((MockDigitalInput) inputs.get(inputId)).mockState(high ? DigitalState.HIGH : DigitalState.LOW);
    }

    @Override
    public void close() {
        pi4j.shutdown();
    }
}
