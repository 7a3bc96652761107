package id.dapur.edge.agent;

import id.dapur.edge.agent.foodsafety.FoodSafety;
import id.dapur.edge.agent.printing.PrintSpooler;
import id.dapur.edge.agent.scales.ScaleDesk;
import id.dapur.edge.agent.screens.ScreenFeed;
import id.dapur.edge.agent.signals.KitchenSignals;
import id.dapur.edge.config.DapurConfig;
import id.dapur.edge.devices.gpio.GpioBoard;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The outlet's devices as the agent opens and reports them. */
final class Devices {
    private static final Logger LOG = LoggerFactory.getLogger(Devices.class);

    private Devices() {}

    /** The GPIO header, if configured; a board that cannot be opened is logged and left out, not fatal. */
    static GpioBoard openGpio(DapurConfig config) {
        if (config.gpio().outputs().isEmpty() && config.gpio().inputs().isEmpty()) {
            return null;
        }
        try {
            return GpioBoard.create(config.gpio());
        } catch (RuntimeException e) {
            LOG.error(
                    "GPIO unavailable; buzzer, stack light and door contacts are off [provider: {}, error: {}]",
                    config.gpio().provider(),
                    e.toString());
            return null;
        }
    }

    /** Every device and its state, for the cloud heartbeat. */
    static Map<String, Object> report(
            DapurConfig config,
            PrintSpooler spooler,
            ScaleDesk scales,
            FoodSafety foodSafety,
            ScreenFeed feed,
            KitchenSignals signals) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("printers", spooler.printers());
        d.put("scales", scales.scales());
        d.put("sensors", foodSafety.sensors());
        d.put(
                "screens",
                config.stations().stream()
                        .map(s -> Map.<String, Object>of("station", s.id(), "connected", feed.screens(s.id())))
                        .toList());
        d.put("gpio", signals == null ? Map.of() : signals.state());
        return d;
    }
}
