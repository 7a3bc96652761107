// Display receipts on the screen side: what is reported, when it is sent again, what never is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReceipts, RESEND_MS } from '../../main/resources/kds-assets/kds-receipts.js';

function harness(online = true) {
  const sent = [];
  let now = 1000;
  const r = createReceipts(m => { if (online) sent.push(m); return online; }, () => now);
  return { r, sent, advance: ms => { now += ms; } };
}

test('tickets without shownAt are reported once, shown ones never', () => {
  const { r, sent } = harness();
  r.rendered([{ ticketId: 'A/wok' }, { ticketId: 'B/wok', shownAt: '2026-12-02T07:00:00Z' }]);
  r.rendered([{ ticketId: 'A/wok' }]);
  assert.deepEqual(sent, [{ type: 'shown', ticketIds: ['A/wok'] }]);
});

test('a report with no shownAt back is sent again after the resend interval', () => {
  const { r, sent, advance } = harness();
  r.rendered([{ ticketId: 'A/wok' }]);
  advance(RESEND_MS - 1);
  r.rendered([{ ticketId: 'A/wok' }]);
  assert.equal(sent.length, 1);
  advance(1);
  r.rendered([{ ticketId: 'A/wok' }]);
  assert.equal(sent.length, 2);
});

test('nothing is marked reported while offline, and a reset reports again', () => {
  const offline = harness(false);
  offline.r.rendered([{ ticketId: 'A/wok' }]);
  assert.equal(offline.sent.length, 0);
  const { r, sent } = harness();
  r.rendered([{ ticketId: 'A/wok' }]);
  r.reset();
  r.rendered([{ ticketId: 'A/wok' }]);
  assert.equal(sent.length, 2);
});

test('many tickets are split into messages of at most 100', () => {
  const { r, sent } = harness();
  r.rendered(Array.from({ length: 250 }, (_, i) => ({ ticketId: `T${i}/wok` })));
  assert.deepEqual(sent.map(m => m.ticketIds.length), [100, 100, 50]);
});
