// The kitchen screen's logic that touches no DOM and no network: what to show, in which order, how
// old, how many. Unit-tested with `node --test` (src/test/js).

const OPEN = new Set(['NEW', 'IN_PROGRESS', 'READY']);

/** A new, empty screen state: every ticket by id with the sequence number of its last change. */
export function newState() {
  return { tickets: new Map(), lastSeq: 0 };
}

/** Forgets every ticket (a full resync follows). */
export function reset(state) {
  state.tickets.clear();
  state.lastSeq = 0;
}

/**
 * Applies one ticket as of change `seq`. Older or repeated changes are ignored, so a change that
 * arrives both live and in a resync is shown once. Returns whether anything changed.
 */
export function applyChange(state, seq, ticket) {
  if (seq > state.lastSeq) state.lastSeq = seq;
  const known = state.tickets.get(ticket.ticketId);
  if (known && known.seq >= seq) return false;
  state.tickets.set(ticket.ticketId, { seq, ticket });
  return true;
}

/** Whether a line waits for its course to be fired. */
export function isHeld(ticket, line) {
  return (ticket.firedCourse || 0) > 0 && (line.course || 1) > ticket.firedCourse;
}

/** Lines voided after the ticket reached the kitchen, not yet acknowledged by the cook. */
export function needsAck(ticket) {
  if (!ticket.voidedAt) return false;
  return !ticket.voidAckedAt || Date.parse(ticket.voidAckedAt) < Date.parse(ticket.voidedAt);
}

/** Seconds since the ticket was created. */
export function ageSeconds(ticket, nowMs) {
  return Math.max(0, Math.floor((nowMs - Date.parse(ticket.createdAt)) / 1000));
}

/** 'fresh', 'amber' or 'red' by age against the station's thresholds (seconds). */
export function ageClass(ageSec, amberAfter, redAfter) {
  if (ageSec >= redAfter) return 'red';
  if (ageSec >= amberAfter) return 'amber';
  return 'fresh';
}

/** m:ss below an hour, h:mm:ss above. */
export function formatAge(sec) {
  const h = Math.floor(sec / 3600), m = Math.floor((sec % 3600) / 60), s = sec % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

function oldestFirst(a, b) {
  const d = Date.parse(a.createdAt) - Date.parse(b.createdAt);
  return d !== 0 ? d : a.seq - b.seq;
}

/**
 * The cards of a cooking station, oldest first: tickets still to cook (READY ones too when the
 * outlet has no expo, as the station serves them itself), and voided ones until acknowledged.
 */
export function stationCards(state, station, hasExpo) {
  const out = [];
  for (const { ticket: t } of state.tickets.values()) {
    if (t.station !== station) continue;
    const cooking = t.status === 'NEW' || t.status === 'IN_PROGRESS' || (t.status === 'READY' && !hasExpo);
    if (cooking || needsAck(t)) out.push(t);
  }
  return out.sort(oldestFirst);
}

/**
 * The expo's cards, oldest first: every order whose expo ticket is open, with each cooking
 * station's ticket for its progress.
 */
export function expoCards(state, expoStation) {
  const byOrder = new Map();
  for (const { ticket: t } of state.tickets.values()) {
    if (!byOrder.has(t.orderId)) byOrder.set(t.orderId, { expo: null, stations: [] });
    const o = byOrder.get(t.orderId);
    if (t.station === expoStation) o.expo = t; else o.stations.push(t);
  }
  const out = [];
  for (const o of byOrder.values()) {
    if (o.expo && (OPEN.has(o.expo.status) || needsAck(o.expo))) {
      o.stations.sort((a, b) => a.seq - b.seq);
      out.push(o);
    }
  }
  return out.sort((a, b) => oldestFirst(a.expo, b.expo));
}

/** Tickets this screen finished within the recall window, most recent first. */
export function recallList(state, station, visibleIds, nowMs, windowSec) {
  const out = [];
  for (const { ticket: t } of state.tickets.values()) {
    if (t.station !== station || visibleIds.has(t.ticketId) || t.status === 'VOIDED' || t.status === 'NEW') continue;
    if (nowMs - Date.parse(t.updatedAt) <= windowSec * 1000) out.push(t);
  }
  return out.sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt));
}

/**
 * All-day counts: how many of each item the given tickets still have to cook (live lines not yet
 * READY), and how many of those are held for a later course. Most first, then by name.
 */
export function allDay(tickets) {
  const counts = new Map();
  for (const t of tickets) {
    for (const l of t.items) {
      if (l.status !== 'NEW' && l.status !== 'IN_PROGRESS') continue;
      const c = counts.get(l.name) || { name: l.name, qty: 0, held: 0 };
      c.qty += l.qty;
      if (isHeld(t, l)) c.held += l.qty;
      counts.set(l.name, c);
    }
  }
  return [...counts.values()].sort((a, b) => b.qty - a.qty || a.name.localeCompare(b.name));
}

/** The smallest course of a ticket still held, or 0. */
export function heldCourse(ticket) {
  let min = 0;
  for (const l of ticket.items) {
    if (l.status !== 'VOIDED' && isHeld(ticket, l) && (min === 0 || l.course < min)) min = l.course;
  }
  return min;
}

/**
 * What a key press means on this screen: {command} from the station's key map, {select: n} for
 * the number keys (1-9, 0 for the tenth card), or null.
 */
export function keyCommand(keys, key) {
  if (/^[0-9]$/.test(key)) return { select: key === '0' ? 10 : Number(key) };
  for (const [command, k] of Object.entries(keys)) {
    if (k === key || (k.length === 1 && k.toLowerCase() === key.toLowerCase())) return { command };
  }
  return null;
}

/** Lines an item-level action may select on a card: live lines of fired courses. */
export function selectableLines(ticket) {
  return ticket.items.filter(l => l.status !== 'VOIDED' && !isHeld(ticket, l));
}

/** The earliest time (ms) a paced line of the ticket is due to be fired, if still ahead of nowMs; else 0. */
export function pacedUntil(ticket, nowMs) {
  let min = 0;
  for (const l of ticket.items) {
    if (!l.fireAt || l.status !== 'NEW') continue;
    const at = Date.parse(l.fireAt);
    if (at > nowMs && (!min || at < min)) min = at;
  }
  return min;
}
