package id.dapur.edge.agent.support;

import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;
import javax.management.NotificationEmitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the process exit when the JVM can no longer be trusted, so that its supervisor (systemd,
 * Docker) restarts it instead of leaving an agent that is alive but dead (no /health answer,
 * SIGTERM ignored). Three layers, because an OutOfMemoryError can be caught and swallowed by library
 * code: {@code -XX:+ExitOnOutOfMemoryError} (every launch script passes it; its absence is logged);
 * an uncaught {@link VirtualMachineError} on any thread or Vert.x context halts at once; and a heap
 * watchdog halts when {@link #EXHAUSTED_COLLECTIONS} collections in a row leave the old generation
 * above {@link #EXHAUSTED_FRACTION} of its maximum.
 */
public final class FatalErrors {
    private static final Logger LOG = LoggerFactory.getLogger(FatalErrors.class);
    public static final int EXIT_CODE = 3;
    static final double EXHAUSTED_FRACTION = 0.97;
    static final int EXHAUSTED_COLLECTIONS = 3;
    private static volatile boolean installed;

    private FatalErrors() {}

    /** Idempotent: once per process. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            haltIfFatal(e, "thread " + t.getName());
            if (previous != null) {
                previous.uncaughtException(t, e);
            }
        });
        if (!ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+ExitOnOutOfMemoryError")) {
            LOG.warn("the JVM was started without -XX:+ExitOnOutOfMemoryError; the heap watchdog still ends an agent "
                    + "that runs out of memory, but add the flag (scripts/, Dockerfile and the service unit do)");
        }
        watchHeap();
    }

    /** Also for Vert.x: an error that escapes a handler on an event loop. */
    public static void install(Vertx vertx) {
        install();
        vertx.exceptionHandler(e -> {
            haltIfFatal(e, "vert.x context");
            LOG.error("unhandled error on a Vert.x context [error: {}]", e.toString(), e);
        });
    }

    /**
     * A part the agent cannot work without has failed for good (the storage writer died): in a
     * process started by the launcher, exits with {@link #EXIT_CODE} through the shutdown hook (a
     * graceful stop: intake off, OFFLINE said, files closed) so the supervisor starts a fresh agent.
     * Without {@link #install()} (an agent embedded in tests) it only logs; health says DOWN either way.
     */
    public static void unrecoverable(String why) {
        LOG.error(
                "unrecoverable: {}; {}",
                why,
                installed
                        ? "exiting with code " + EXIT_CODE + " so the supervisor restarts the agent"
                        : "the process is not the launcher's, so it stays up with /health DOWN");
        if (installed) {
            Thread exit = new Thread(() -> System.exit(EXIT_CODE), "dapur-unrecoverable");
            exit.setDaemon(false);
            exit.start();
        }
    }

    static void haltIfFatal(Throwable e, String where) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof VirtualMachineError) {
                halt("fatal " + c.getClass().getSimpleName() + " on " + where);
            }
        }
    }

    /**
     * With {@code -Ddapur.heapDump=FILE} (a diagnosis, not for an SD card in service): the live heap is
     * written to FILE before the watchdog halts, to see what filled it.
     */
    private static void dumpHeap() {
        String file = System.getProperty("dapur.heapDump");
        if (file == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .dumpHeap(file, true);
            System.err.println("dapur-edge: heap dumped to " + file);
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("dapur-edge: heap not dumped to " + file + ": " + e);
        }
    }

    private static void halt(String why) {
        // no logging framework call that could allocate much or block: stderr, then halt
        System.err.println(
                "dapur-edge: " + why + "; exiting with code " + EXIT_CODE + " so the supervisor restarts the agent");
        System.err.flush();
        Runtime.getRuntime().halt(EXIT_CODE);
    }

    /**
     * The old generation only ("Tenured Gen", "G1 Old Gen", "PS Old Gen"...): a survivor space is
     * routinely 100% full after a young collection under a burst of allocations (a flood of
     * connections did exactly that), which says nothing about the heap running out.
     */
    static boolean isOldGeneration(MemoryPoolMXBean pool) {
        String name = pool.getName().toLowerCase(Locale.ROOT);
        return pool.getType() == MemoryType.HEAP
                && pool.isCollectionUsageThresholdSupported()
                && pool.getUsage().getMax() > 0
                && (name.contains("old") || name.contains("tenured"));
    }

    private static void watchHeap() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            long max = pool.getUsage().getMax();
            if (!isOldGeneration(pool)) {
                continue;
            }
            pool.setCollectionUsageThreshold((long) (max * EXHAUSTED_FRACTION));
        }
        NotificationEmitter emitter = (NotificationEmitter) ManagementFactory.getMemoryMXBean();
        int[] inARow = {0};
        emitter.addNotificationListener(
                (n, handback) -> {
                    if (!MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(n.getType())) {
                        return;
                    }
                    boolean stillFull = ManagementFactory.getMemoryPoolMXBeans().stream()
                            .filter(p -> isOldGeneration(p) && p.getCollectionUsage() != null)
                            .anyMatch(p -> p.getCollectionUsage().getUsed() >= p.getCollectionUsageThreshold());
                    inARow[0] = stillFull ? inARow[0] + 1 : 0;
                    if (inARow[0] >= EXHAUSTED_COLLECTIONS) {
                        dumpHeap();
                        halt("heap exhausted: " + EXHAUSTED_COLLECTIONS + " collections in a row left it over "
                                + Math.round(EXHAUSTED_FRACTION * 100) + "% full");
                    }
                },
                null,
                null);
    }
}
