package id.dapur.edge.agent.auth;

import id.dapur.edge.config.Role;

/** Who is calling the API: the role and (for kds) the station of the bearer token. */
public record Caller(String name, Role role, String station) {
    public boolean is(Role... roles) {
        for (Role r : roles) {
            if (role == r) {
                return true;
            }
        }
        return role == Role.ADMIN;
    }
}
