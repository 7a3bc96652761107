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

/*
 * The card grid has rows of a fixed height (kds.css: 1.4rem rows and .6rem gaps, a 32 px unit) and a
 * card spans as many as its content needs. The span is worked out here from the ticket, never
 * measured: adding, changing or removing a card then never makes the browser measure the cards
 * around it. Sizes are those of kds.css at its 18 px type; character widths are a wide sans-serif's,
 * so a narrower font leaves room rather than hiding a line. A card taller than `maxRows` scrolls its
 * lines (kds.css shows that more is below).
 */
export const GRID = { unitPx: 32, gapPx: 9.6, minRows: 6, maxRows: 27, defaultWidthPx: 272 };
GRID.maxHeightPx = GRID.maxRows * GRID.unitPx - GRID.gapPx;
const CHAR = 0.6;      // average glyph width, in em
const LINE = 1.25;     // line height, in em

function textRows(chars, widthPx, fontPx) {
  const perRow = Math.max(1, Math.floor(widthPx / (CHAR * fontPx)));
  return Math.max(1, Math.ceil(chars / perRow));
}

/** Flowing items of the given widths into rows of `widthPx` with `gapPx` between them: how many rows. */
function flowRows(widths, widthPx, gapPx) {
  let rows = 1;
  let used = 0;
  for (const w of widths) {
    const need = used === 0 ? w : used + gapPx + w;
    if (need > widthPx && used > 0) {
      rows++;
      used = Math.min(w, widthPx);
    } else {
      used = Math.min(need, widthPx);
    }
  }
  return rows;
}

/** The card's natural height in px (before rounding up to whole rows). `c`: {ticket, stations?}. */
export function cardHeightPx(c, widthPx = GRID.defaultWidthPx) {
  const t = c.ticket;
  const inner = widthPx - 19.2;                                    // the card's side padding (.6rem each)
  let h = 8 + 12.8 + 1;                                            // coloured top border, header padding, rule
  const whereChars = (t.table ? String(t.table).length + 9 : 0) + String(t.channel || '').length + 2;
  h += Math.max(1.6 * 18 * 1.2, 1.15 * 18 * LINE + textRows(whereChars, inner - 30, 18) * 18 * LINE);
  if (needsAck(t)) h += 4.8 + 11.2 + 18 * LINE + 4;
  h += 9.6;                                                        // the list's padding
  for (const l of t.items) {
    h += 9.6 + 1;                                                  // the line's padding and rule
    const tags = [];
    if ((l.course || 1) > 1) tags.push(3);
    if (l.fireAt && l.status === 'NEW') tags.push(18);
    if (l.unavailable && l.status !== 'VOIDED') tags.push(4);
    if (l.status !== 'NEW') tags.push(12);
    tags.push(2);                                                  // a recipe button, if it has one
    const nameWidth = inner - 6.4 - 35.2 - 5.6;                    // the quantity's column and the gap
    const nameRows = textRows(String(l.name || '').length, nameWidth, 21.6);
    const tagChars = tags.reduce((a, b) => a + b + 2, 0);
    const lastRowRoom = nameWidth - ((String(l.name || '').length * CHAR * 21.6) % nameWidth);
    const tagRows = tagChars * CHAR * 16 > lastRowRoom ? 1 : 0;
    h += (nameRows + tagRows) * 21.6 * LINE + (nameRows + tagRows - 1) * 5.6 + 2;
    const subWidth = inner - 6.4 - 41.6;                           // modifiers, notes and allergens are indented
    for (const text of [l.modifiers && l.modifiers.length ? l.modifiers.join(', ') : '', l.note || '']) {
      if (text) h += 5.6 + textRows(text.length, subWidth, 18) * 18 * LINE;
    }
    if (l.allergens && l.allergens.length) {
      h += 5.6 + 1.6 + textRows(l.allergens.join(', ').length + 2, subWidth - 12.8, 18) * 18 * LINE;
    }
  }
  if (heldCourse(t)) h += 18 * LINE * textRows(40, inner, 18) + 4.8;
  if (c.stations) {
    if (c.stations.some(s => s.unseenAt && !s.shownAt)) h += 18 * LINE * textRows(45, inner - 18, 18) + 21.6;
    const chips = c.stations.map(s => (String(s.station).length + 12) * CHAR * 16.2 + 19.2);
    const rows = flowRows(chips, inner, 4.8);
    h += 9.6 + rows * (16.2 * LINE + 3.2) + (rows - 1) * 4.8;
  }
  h += 6.4 + 9.6 + 48;                                             // the buttons
  return h;
}

/** How many of the grid's rows the card spans: its natural height rounded up, within min and max. */
export function cardRows(c, widthPx = GRID.defaultWidthPx) {
  const rows = Math.ceil((cardHeightPx(c, widthPx) + GRID.gapPx) / GRID.unitPx);
  return Math.min(GRID.maxRows, Math.max(GRID.minRows, rows));
}
