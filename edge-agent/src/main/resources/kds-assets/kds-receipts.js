// Display receipts: after a frame with the cards painted, the screen tells the agent
// which tickets it shows that have no shownAt yet. A report that got no shownAt back within 10 s is
// sent again (lost on the way, or not stored). No DOM and no network here: `send` does that and
// says whether it could. Unit-tested with `node --test`.

export const RESEND_MS = 10000;
export const PER_MESSAGE = 100;

export function createReceipts(send, now = () => Date.now()) {
  const reported = new Map(); // ticketId -> when last reported
  return {
    /** The tickets just painted. */
    rendered(tickets) {
      const t = now();
      const ids = [];
      for (const ticket of tickets) {
        if (ticket.shownAt) {
          reported.delete(ticket.ticketId);
          continue;
        }
        const at = reported.get(ticket.ticketId);
        if (at === undefined || t - at >= RESEND_MS) ids.push(ticket.ticketId);
      }
      for (let i = 0; i < ids.length; i += PER_MESSAGE) {
        const part = ids.slice(i, i + PER_MESSAGE);
        if (!send({ type: 'shown', ticketIds: part })) return;
        for (const id of part) reported.set(id, t);
      }
      if (reported.size > tickets.length + 200) {
        const present = new Set(tickets.map(x => x.ticketId));
        for (const id of reported.keys()) if (!present.has(id)) reported.delete(id);
      }
    },
    /** A new connection: everything not yet confirmed is reported again. */
    reset() {
      reported.clear();
    },
  };
}
