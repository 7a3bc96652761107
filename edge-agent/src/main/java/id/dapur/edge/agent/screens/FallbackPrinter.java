package id.dapur.edge.agent.screens;

import id.dapur.edge.agent.kitchen.Ticket;

/**
 * Where a ticket goes on paper when nobody can see it on a screen: the hook the printing issue fills
 * with its spooler. Called on the agent's event loop after the ticket is committed; must not block.
 */
@FunctionalInterface
public interface FallbackPrinter {
    void print(Ticket ticket, String reason);
}
