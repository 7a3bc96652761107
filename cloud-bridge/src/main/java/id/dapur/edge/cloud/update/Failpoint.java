package id.dapur.edge.cloud.update;

import org.slf4j.LoggerFactory;

/**
 * Named points of the update where the tests cut the process dead, as a power cut would: when the
 * environment variable {@code DAPUR_FAILPOINT} names the point, the JVM halts there at once (exit 137,
 * no shutdown hook, nothing flushed). Inert otherwise; never set in production.
 */
public final class Failpoint {
    private static final String ARMED = System.getenv("DAPUR_FAILPOINT");

    private Failpoint() {}

    public static void hit(String name) {
        if (name.equals(ARMED)) {
            LoggerFactory.getLogger(Failpoint.class)
                    .error("failpoint {}: halting the process as a power cut would", name);
            System.err.println("failpoint " + name + ": halting the process as a power cut would");
            System.err.flush();
            Runtime.getRuntime().halt(137);
        }
    }
}
