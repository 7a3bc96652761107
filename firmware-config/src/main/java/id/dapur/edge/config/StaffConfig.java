package id.dapur.edge.config;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The outlet's kitchen staff, usually synced from the cloud: who may sign in at a
 * station, with a PIN kept only as a slow hash ({@link PinHash}). A badge reader that types like a
 * keyboard sends the same staff id and PIN. Empty: nobody signs in, and stations work as always.
 */
public record StaffConfig(List<Member> members) {
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    public static final StaffConfig NONE = new StaffConfig(List.of());

    public StaffConfig {
        members = List.copyOf(members);
    }

    /** A cook: {@code pinHash} as {@link PinHash} writes it; {@code active} false keeps the record but refuses sign-in. */
    public record Member(String id, String name, String pinHash, boolean active) {
        @Override
        public String toString() {
            return "Member[" + id + "]"; // never the hash
        }
    }

    public Optional<Member> member(String id) {
        return members.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    static StaffConfig read(ConfigNode n, String key) {
        List<Member> members = n.list(key, m -> {
            String id = m.matching("id", null, ID, "1-32 characters of A-Z a-z 0-9 . _ -");
            String name = m.matching("name", id, MenuConfig.TEXT, "a name of 1-128 characters");
            String hash = m.string("pinHash", null);
            if (hash == null) {
                m.problem(
                        "pinHash",
                        "is required (the PIN itself is never configured; make a hash with: dapur-edge hash-pin)");
            } else if (!PinHash.problem(hash).isEmpty()) {
                m.problem("pinHash", PinHash.problem(hash));
                hash = null;
            }
            boolean active = m.bool("active", true);
            return id == null || hash == null ? null : new Member(id, name, hash, active);
        });
        DapurConfig.unique(n, key, members.stream().map(Member::id).toList());
        return new StaffConfig(members);
    }
}
