package id.dapur.edge.agent.testsupport;

import id.dapur.edge.config.StationConfig;
import java.util.List;

/** The stations of the test outlet: wok (wok, rice), bar (drinks), expo. */
public final class Stations {
    public static final List<StationConfig> STANDARD = List.of(
            new StationConfig("wok", "Wok", List.of("wok", "rice"), false),
            new StationConfig("bar", "Drinks", List.of("drinks"), false),
            new StationConfig("expo", "Expo", List.of(), true));

    private Stations() {}
}
