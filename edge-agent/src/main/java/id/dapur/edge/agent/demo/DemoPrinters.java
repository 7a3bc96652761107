package id.dapur.edge.agent.demo;

import id.dapur.edge.devices.printer.PrinterModel;
import id.dapur.edge.devices.sim.Printout;
import id.dapur.edge.devices.sim.PrintoutImage;
import id.dapur.edge.devices.sim.RasterText;
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
 * (what the paper looks like) and text into {@code <data>/printouts/}. kitchen-1 is an Epson TM-U220
 * impact printer at the grill (allergens and modifiers in red), kitchen-2 a Star TSP100 at the bar (it
 * prints only raster images: the agent draws each chit; its text file is read back from the dots),
 * front a TM-m30 for receipts.
 */
public final class DemoPrinters implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoPrinters.class);
    private final Map<String, SimulatedNetworkPrinter> printers = new LinkedHashMap<>();
    private final Path out;

    /** Printer id → paper width in mm. */
    public static final Map<String, Integer> WIDTHS = Map.of("kitchen-1", 76, "kitchen-2", 80, "front", 58);

    /** Printer id → model. */
    public static final Map<String, PrinterModel> MODELS = Map.of(
            "kitchen-1",
            PrinterModel.EPSON_TM_U220,
            "kitchen-2",
            PrinterModel.STAR_TSP100,
            "front",
            PrinterModel.EPSON_TM_M30);

    public DemoPrinters(Path dataDir) throws IOException {
        this.out = dataDir.resolve("printouts");
        Files.createDirectories(out);
        for (String id : new String[] {"kitchen-1", "kitchen-2", "front"}) {
            SimulatedNetworkPrinter p = SimulatedNetworkPrinter.start(0, MODELS.get(id));
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
            boolean drawn = MODELS.get(id).rasterOnly();
            Files.writeString(out.resolve(name + ".txt"), drawn ? RasterText.text(p) : p.text());
            PrintoutImage.writePng(p, MODELS.get(id).dots(WIDTHS.get(id)), out.resolve(name + ".png"));
        } catch (IOException e) {
            LOG.warn("demo printout not saved [file: {}, error: {}]", name, e.getMessage());
        }
    }

    @Override
    public void close() {
        printers.values().forEach(SimulatedNetworkPrinter::close);
    }
}
