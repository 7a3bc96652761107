// Recall on a kitchen screen: the tickets this screen finished within the recall window, newest first;
// a number (or next/previous and bump) chooses one and sends RECALL, back closes the list.
import { el } from './kds-card.js';

let deps = null;                // {box, T, items(), recall(ticketId)}
let shown = false;
let selected = 0;

export function initRecall(d) {
  deps = d;
}

export function isOpen() {
  return shown;
}

export function open() {
  shown = true;
  selected = 0;
  deps.box.hidden = false;
  render();
}

function close() {
  shown = false;
  deps.box.hidden = true;
}

/** Number key n (1-based). */
export function choose(n) {
  selected = n - 1;
  render();
}

/** A screen command while the list is open. */
export function command(cmd) {
  if (cmd === 'bump') return chosen();
  if (cmd === 'back' || cmd === 'recall') return close();
  if (cmd === 'next' || cmd === 'lineDown') selected++;
  if (cmd === 'previous' || cmd === 'lineUp') selected = Math.max(0, selected - 1);
  render();
}

/** The screen changed: the list follows while it is open. */
export function refresh() {
  if (shown) render();
}

function chosen() {
  const t = deps.items()[selected];
  if (t) deps.recall(t.ticketId);
  close();
}

function render() {
  const T = deps.T;
  const items = deps.items();
  const ul = el('ol');
  items.slice(0, 10).forEach((t, i) => {
    const li = el('li', i === selected ? 'selected' : '');
    li.dataset.ticketId = t.ticketId;
    li.append(el('span', 'num', String((i + 1) % 10)), el('span', 'order', '#' + t.orderId),
      el('span', 'line-status', T.statuses[t.status]),
      el('span', 'names', t.items.filter(l => l.status !== 'VOIDED').map(l => l.qty + '× ' + l.name).join(', ')));
    li.onclick = () => { selected = i; chosen(); };
    ul.append(li);
  });
  deps.box.replaceChildren(el('h2', null, T.recallTitle), items.length ? ul : el('p', null, T.recallEmpty));
}
