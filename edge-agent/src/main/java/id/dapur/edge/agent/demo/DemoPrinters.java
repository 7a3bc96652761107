package id.dapur.edge.agent.demo;

import id.dapur.edge.devices.printer.PrinterModel;
import id.dapur.edge.devices.sim.Printout;
import id.dapur.edge.devices.sim.PrintoutImage;
import id.dapur.edge.devices.sim.SimulatedNetworkPrinter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's printers: simulated network printers on loopback that write every printout as PNG
 * (what the paper looks like) and text into {@code <data>/printouts/}.
 */
public final class DemoPrinters implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoPrinters.class);
    private final Map<String, SimulatedNetworkPrinter> printers = new LinkedHashMap<>();
    private final Path out;

    /** Printer id → paper width in mm. */
    public static final Map<String, Integer> WIDTHS = Map.of("kitchen-1", 80, "kitchen-2", 58, "front", 58);

    public DemoPrinters(Path dataDir) throws IOException {
        this.out = dataDir.resolve("printouts");
        Files.createDirectories(out);
        for (String id : new String[] {"kitchen-1", "kitchen-2", "front"}) {
            SimulatedNetworkPrinter p = SimulatedNetworkPrinter.start(0);
            AtomicInteger n = new AtomicInteger();
            p.printer().onPrintout(po -> save(id, n.incrementAndGet(), po));
            printers.put(id, p);
        }
    }

    public int width(String id) {
        return WIDTHS.get(id);
    }

    public int port(String id) {
        return printers.get(id).port();
    }

    public Path directory() {
        return out;
    }

    private void save(String id, int n, Printout p) {
        String name = String.format("%s-%04d", id, n);
        try {
            Files.writeString(out.resolve(name + ".txt"), p.text());
            PrintoutImage.writePng(p, PrinterModel.GENERIC.dots(WIDTHS.get(id)), out.resolve(name + ".png"));
        } catch (IOException e) {
            LOG.warn("demo printout not saved [file: {}, error: {}]", name, e.getMessage());
        }
    }

    @Override
    public void close() {
        printers.values().forEach(SimulatedNetworkPrinter::close);
    }
}
