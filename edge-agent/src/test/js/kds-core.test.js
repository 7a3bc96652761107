// Unit tests of the kitchen screen's pure logic: node --test src/test/js/ (Maven runs them in `test`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as core from '../../main/resources/kds-assets/kds-core.js';
import { TEXTS } from '../../main/resources/kds-assets/i18n.js';

const T0 = Date.parse('2026-11-23T07:00:00Z');
const iso = ms => new Date(ms).toISOString();

function ticket(id, station, status, { created = T0, updated = created, items, firedCourse = 1, voidedAt, voidAckedAt, version = 1 } = {}) {
  return {
    ticketId: `${id}/${station}`, orderId: id, station, status, createdAt: iso(created), updatedAt: iso(updated),
    seq: created, version, firedCourse, voidedAt, voidAckedAt,
    items: items || [{ lineId: '1', name: 'Nasi Goreng', qty: 2, status, course: 1 }],
  };
}

test('a change is applied once: older and repeated changes are ignored', () => {
  const s = core.newState();
  assert.equal(core.applyChange(s, 5, ticket('A', 'wok', 'NEW')), true);
  assert.equal(core.applyChange(s, 5, ticket('A', 'wok', 'NEW')), false);
  assert.equal(core.applyChange(s, 9, ticket('A', 'wok', 'IN_PROGRESS', { version: 2 })), true);
  assert.equal(core.applyChange(s, 7, ticket('A', 'wok', 'NEW')), false, 'a resync page older than a live change');
  assert.equal(s.tickets.get('A/wok').ticket.status, 'IN_PROGRESS');
  assert.equal(s.lastSeq, 9);
  assert.equal(s.tickets.size, 1);
});

test('age colours follow the station thresholds', () => {
  assert.equal(core.ageClass(299, 300, 480), 'fresh');
  assert.equal(core.ageClass(300, 300, 480), 'amber');
  assert.equal(core.ageClass(480, 300, 480), 'red');
  assert.equal(core.ageSeconds(ticket('A', 'wok', 'NEW'), T0 + 61_500), 61);
  assert.equal(core.formatAge(61), '1:01');
  assert.equal(core.formatAge(3725), '1:02:05');
});

test('a station shows what it still cooks, oldest first; READY leaves it only when an expo serves', () => {
  const s = core.newState();
  core.applyChange(s, 1, ticket('B', 'wok', 'NEW', { created: T0 + 60_000 }));
  core.applyChange(s, 2, ticket('A', 'wok', 'IN_PROGRESS', { created: T0 }));
  core.applyChange(s, 3, ticket('C', 'wok', 'READY', { created: T0 + 1 }));
  core.applyChange(s, 4, ticket('D', 'bar', 'NEW'));
  core.applyChange(s, 5, ticket('E', 'wok', 'VOIDED', { created: T0 - 1000, voidedAt: iso(T0) }));
  core.applyChange(s, 6, ticket('F', 'wok', 'VOIDED', { voidedAt: iso(T0), voidAckedAt: iso(T0 + 1) }));
  assert.deepEqual(core.stationCards(s, 'wok', true).map(t => t.orderId), ['E', 'A', 'B']);
  assert.deepEqual(core.stationCards(s, 'wok', false).map(t => t.orderId), ['E', 'A', 'C', 'B']);
});

test('expo groups each open order with its stations, and drops served ones', () => {
  const s = core.newState();
  core.applyChange(s, 1, ticket('A', 'wok', 'READY'));
  core.applyChange(s, 2, ticket('A', 'bar', 'IN_PROGRESS'));
  core.applyChange(s, 3, ticket('A', 'expo', 'IN_PROGRESS'));
  core.applyChange(s, 4, ticket('B', 'expo', 'SERVED'));
  const cards = core.expoCards(s, 'expo');
  assert.equal(cards.length, 1);
  assert.deepEqual(cards[0].stations.map(t => t.station).sort(), ['bar', 'wok']);
});

test('recall lists what this station finished within the window, newest first', () => {
  const s = core.newState();
  core.applyChange(s, 1, ticket('A', 'wok', 'READY', { updated: T0 }));
  core.applyChange(s, 2, ticket('B', 'wok', 'READY', { updated: T0 + 60_000 }));
  core.applyChange(s, 3, ticket('C', 'wok', 'SERVED', { updated: T0 - 20 * 60_000 }));
  core.applyChange(s, 4, ticket('D', 'wok', 'NEW'));
  const list = core.recallList(s, 'wok', new Set(['D/wok']), T0 + 120_000, 900);
  assert.deepEqual(list.map(t => t.orderId), ['B', 'A']);
});

test('all-day counts sum what is still to cook and say how much is held', () => {
  const a = ticket('A', 'wok', 'NEW', { items: [
    { lineId: '1', name: 'Nasi Goreng', qty: 2, status: 'NEW', course: 1 },
    { lineId: '2', name: 'Sate Ayam', qty: 1, status: 'READY', course: 1 },
    { lineId: '3', name: 'Pisang Goreng', qty: 3, status: 'NEW', course: 2 }] });
  const b = ticket('B', 'wok', 'IN_PROGRESS', { items: [
    { lineId: '1', name: 'Nasi Goreng', qty: 1, status: 'IN_PROGRESS', course: 1 },
    { lineId: '2', name: 'Mie Goreng', qty: 1, status: 'VOIDED', course: 1 }] });
  assert.deepEqual(core.allDay([a, b]), [
    { name: 'Nasi Goreng', qty: 3, held: 0 },
    { name: 'Pisang Goreng', qty: 3, held: 3 }]);
});

test('held courses: dimmed lines, the next course to fire, nothing selectable while held', () => {
  const t = ticket('A', 'wok', 'NEW', { items: [
    { lineId: '1', name: 'Soto', qty: 1, status: 'NEW', course: 1 },
    { lineId: '2', name: 'Es Campur', qty: 1, status: 'NEW', course: 3 }] });
  assert.equal(core.isHeld(t, t.items[1]), true);
  assert.equal(core.heldCourse(t), 3);
  assert.deepEqual(core.selectableLines(t).map(l => l.lineId), ['1']);
  assert.equal(core.isHeld({ ...t, firedCourse: 0 }, t.items[1]), false, 'tickets from before courses hold nothing');
});

test('a void waits for acknowledgement until acknowledged after it', () => {
  assert.equal(core.needsAck(ticket('A', 'wok', 'NEW')), false);
  assert.equal(core.needsAck(ticket('A', 'wok', 'NEW', { voidedAt: iso(T0) })), true);
  assert.equal(core.needsAck(ticket('A', 'wok', 'NEW', { voidedAt: iso(T0 + 5), voidAckedAt: iso(T0) })), true);
  assert.equal(core.needsAck(ticket('A', 'wok', 'NEW', { voidedAt: iso(T0), voidAckedAt: iso(T0 + 5) })), false);
});

test('keys: the station map, letters in either case, number keys select cards', () => {
  const keys = { bump: 'Enter', recall: 'r', undo: 'F2' };
  assert.deepEqual(core.keyCommand(keys, 'Enter'), { command: 'bump' });
  assert.deepEqual(core.keyCommand(keys, 'R'), { command: 'recall' });
  assert.deepEqual(core.keyCommand(keys, 'F2'), { command: 'undo' });
  assert.deepEqual(core.keyCommand(keys, '3'), { select: 3 });
  assert.deepEqual(core.keyCommand(keys, '0'), { select: 10 });
  assert.equal(core.keyCommand(keys, 'x'), null);
});

test('Bahasa Indonesia has every text English has', () => {
  const missing = Object.keys(TEXTS.en).filter(k => !(k in TEXTS.id));
  assert.deepEqual(missing, []);
  assert.deepEqual(Object.keys(TEXTS.id.statuses), Object.keys(TEXTS.en.statuses));
  assert.deepEqual(Object.keys(TEXTS.id.keyHelp), Object.keys(TEXTS.en.keyHelp));
  assert.deepEqual(Object.keys(TEXTS.id.reasons), Object.keys(TEXTS.en.reasons));
  assert.deepEqual(Object.keys(TEXTS.id.scaleProblems), Object.keys(TEXTS.en.scaleProblems));
});

test('a card spans the grid rows its content needs, within the grid\'s bounds', () => {
  const line = (i, extra = {}) => ({ lineId: String(i), name: 'Nasi Goreng', qty: 1, status: 'NEW', course: 1, ...extra });
  const card = items => ({ ticket: ticket('A', 'wok', 'NEW', { items }) });
  const one = core.cardRows(card([line(1)]));
  assert.ok(one >= core.GRID.minRows && one <= 8, `a one-line card is short: ${one} rows`);
  let last = one;
  for (let n = 2; n <= 8; n++) {
    const rows = core.cardRows(card(Array.from({ length: n }, (_, i) => line(i))));
    assert.ok(rows > last, `${n} lines need more rows than ${n - 1}: ${rows} vs ${last}`);
    last = rows;
  }
  const plain = core.cardRows(card([line(1)]));
  const dressed = core.cardRows(card([line(1, {
    name: 'Nasi Goreng Kampung Spesial Telur Mata Sapi', modifiers: ['extra pedas', 'tanpa bawang', 'telur dadar'],
    note: 'Alergi kacang, tolong dipisah', allergens: ['peanut', 'egg'] })]));
  assert.ok(dressed >= plain + 4, `a long name, modifiers, a note and allergens take rows: ${dressed} vs ${plain}`);
  const huge = core.cardRows(card(Array.from({ length: 80 }, (_, i) => line(i))));
  assert.equal(huge, core.GRID.maxRows, 'a card never grows past the grid\'s tallest: its lines scroll');
  const wide = core.cardRows(card([line(1, { modifiers: ['extra pedas', 'tanpa bawang', 'telur dadar', 'sambal terpisah'] })]), 600);
  const narrow = core.cardRows(card([line(1, { modifiers: ['extra pedas', 'tanpa bawang', 'telur dadar', 'sambal terpisah'] })]), 240);
  assert.ok(wide < narrow, `text wraps less on a wider card: ${wide} vs ${narrow}`);
  const expo = { ticket: ticket('A', 'expo', 'NEW'), stations: ['wok', 'grill', 'fryer', 'bar', 'dessert', 'cold'].map(s => ({ station: s, status: 'NEW', version: 1 })) };
  assert.ok(core.cardRows(expo) > one, 'an expo card\'s station chips take rows');
});
