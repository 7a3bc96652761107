package id.dapur.edge.config;

/**
 * One thing wrong with a configuration: where ({@code stations[2].categories}) and what.
 * The message never contains the value of a secret.
 */
public record ConfigProblem(String path, String message) {
    @Override
    public String toString() {
        return (path.isEmpty() ? "<root>" : path) + ": " + message;
    }
}
