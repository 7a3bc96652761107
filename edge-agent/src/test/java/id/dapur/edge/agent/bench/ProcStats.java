package id.dapur.edge.agent.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What Linux counts for a process: resident memory and bytes it caused to be written to storage. */
final class ProcStats {
    private ProcStats() {}

    static long rssKb(long pid) throws IOException {
        return field(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:");
    }

    /** Anonymous resident memory (heap, metaspace, stacks, malloc): what the kernel cannot drop under pressure. */
    static long rssAnonKb(long pid) throws IOException {
        return field(Path.of("/proc", Long.toString(pid), "status"), "RssAnon:");
    }

    /** {@code write_bytes}: bytes this process caused to be sent to the storage layer. */
    static long writeBytes(long pid) throws IOException {
        return field(Path.of("/proc", Long.toString(pid), "io"), "write_bytes:");
    }

    private static long field(Path file, String name) throws IOException {
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith(name)) {
                return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IOException(name + " not in " + file);
    }
}
