package id.dapur.edge.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The file of secrets the service and the command line share ({@code DAPUR_ENV_FILE}, in the package
 * {@code /etc/dapur/environment}): {@code NAME=value} lines, as systemd's {@code EnvironmentFile=}
 * writes them. Blank lines and lines starting with {@code #} or {@code ;} are skipped; a value may be
 * in double quotes (where {@code \"} and {@code \\} are escapes) or single quotes (taken as written);
 * otherwise it is taken as written, trimmed. The process's own environment wins over the file.
 */
public final class EnvironmentFile {
    /** Where the file is named. */
    public static final String VARIABLE = "DAPUR_ENV_FILE";

    static final long MAX_BYTES = 64 * 1024;
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private EnvironmentFile() {}

    /** The file's variables; an {@link IOException} names the line that is wrong, or why the file cannot be read. */
    public static Map<String, String> read(Path file) throws IOException {
        List<String> lines;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IOException(file + " is larger than " + MAX_BYTES / 1024 + " KiB");
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (AccessDeniedException e) {
            throw new IOException("cannot read " + file
                    + ": permission denied (it holds the outlet's secrets: run as root, e.g. with sudo)");
        } catch (NoSuchFileException e) {
            throw new IOException(file + " does not exist (" + VARIABLE + " names it)");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            int eq = line.indexOf('=');
            String name = eq < 0 ? line : line.substring(0, eq).strip();
            if (eq < 0 || !NAME.matcher(name).matches()) {
                throw new IOException(
                        file + " line " + (i + 1) + ": expected NAME=value (a name of letters, digits and '_')");
            }
            out.put(name, value(line.substring(eq + 1).strip(), file, i + 1));
        }
        return out;
    }

    private static String value(String v, Path file, int line) throws IOException {
        if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
            return v.substring(1, v.length() - 1);
        }
        if (!v.startsWith("\"")) {
            return v;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 1; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                b.append(v.charAt(++i));
            } else if (c == '"') {
                if (i != v.length() - 1) {
                    throw new IOException(file + " line " + line + ": text after the closing quote");
                }
                return b.toString();
            } else {
                b.append(c);
            }
        }
        throw new IOException(file + " line " + line + ": a double-quoted value has no closing quote");
    }

    /**
     * The process environment with the file {@code DAPUR_ENV_FILE} names (if any) under it, or an
     * {@link IOException} saying why the file cannot be used.
     */
    public static Map<String, String> withProcessEnvironment(Map<String, String> process) throws IOException {
        String name = process.get(VARIABLE);
        if (name == null || name.isBlank()) {
            return process;
        }
        Map<String, String> merged = new LinkedHashMap<>(read(Path.of(name)));
        merged.putAll(process);
        return merged;
    }
}
