package id.dapur.edge.agent.support;

import java.util.Optional;

/** The agent's version, from the jar manifest when packaged. */
public final class Version {
    public static final String VALUE = Optional.ofNullable(
                    Version.class.getPackage().getImplementationVersion())
            .orElse("0.1.0-SNAPSHOT");

    private Version() {}
}
