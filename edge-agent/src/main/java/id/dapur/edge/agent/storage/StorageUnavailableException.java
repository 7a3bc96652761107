package id.dapur.edge.agent.storage;

/**
 * The database cannot be used. When the file was corrupt it has been moved aside intact
 * ({@link #quarantined()}); intake stays off until an operator starts fresh or restores.
 */
public final class StorageUnavailableException extends Exception {
    private final String quarantined;

    public StorageUnavailableException(String message, String quarantined, Throwable cause) {
        super(message, cause);
        this.quarantined = quarantined;
    }

    public String quarantined() {
        return quarantined;
    }
}
