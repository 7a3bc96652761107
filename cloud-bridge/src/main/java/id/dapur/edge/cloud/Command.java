package id.dapur.edge.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A remote command from the back office.
 *
 * @param commandId unique per command: the agent runs a command once and answers every repeat with the first result
 * @param outletId  the outlet it is meant for; any other outlet refuses it
 * @param type      {@code reload-config}, {@code reprint}, {@code test-print}, {@code set-log-level}, {@code rotate-credential}
 * @param expiresAt after this, the command is refused as {@code COMMAND_EXPIRED} (may be null: never)
 */
public record Command(
        String commandId, String outletId, String type, JsonNode args, Instant issuedAt, Instant expiresAt) {}
