package id.dapur.edge.agent.cli;

import id.dapur.edge.config.PinHash;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prints the {@code pinHash} of a cook's PIN for {@code staff[].pinHash}. The PIN is
 * read from the terminal without echo, or from the first line of standard input, never from the
 * command line (where it would stay in the shell's history and the process list).
 */
@Command(
        name = "hash-pin",
        description = "Print the pinHash of a cook's PIN (read from the terminal or stdin) for staff[].pinHash.")
final class HashPinCommand implements Callable<Integer> {
    @Option(
            names = "--iterations",
            defaultValue = "" + PinHash.ITERATIONS,
            description = "PBKDF2 iterations (default ${DEFAULT-VALUE})")
    int iterations;

    @Override
    public Integer call() throws IOException {
        Console console = System.console();
        String pin;
        if (console != null) {
            char[] p = console.readPassword("PIN (4-12 digits): ");
            pin = p == null ? "" : new String(p);
        } else {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            pin = line == null ? "" : line.trim();
        }
        if (!PinHash.PIN.matcher(pin).matches()) {
            System.err.println("a PIN is 4-12 digits");
            return 2;
        }
        if (iterations < 10_000 || iterations > 5_000_000) {
            System.err.println("--iterations must be 10000-5000000");
            return 2;
        }
        System.out.println(PinHash.of(pin, iterations));
        return 0;
    }
}
