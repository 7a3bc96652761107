// The 86 board on a kitchen screen: a strip on every screen lists what is sold out, and
// a panel marks an item or one of its modifiers sold out, or back on. Keys: the `soldOut` key opens the
// panel for the selected line, number keys choose, Escape closes; every entry can be touched as well.
// Changes go through POST /api/v1/menu/availability with the screen's token; the list comes back live
// from the agent (`menu` messages), so every screen shows the same board.

let deps = null;                // {$, el, T, token, toast}
let unavailable = [];           // as the agent last said
let panelOpen = false;
let forLine = null;             // the ticket line the panel was opened for, or null
let choices = [];               // [{sku, name, available}] in the order shown (1-based keys)

export function initMenu(d) {
  deps = d;
  deps.$('eightysix').onclick = () => openPanel(null);
}

export function setTexts(T) {
  deps.T = T;
  renderStrip();
}

/** A `menu` message from the agent: the whole list. */
export function onMenu(m) {
  unavailable = m.unavailable || [];
  renderStrip();
  if (panelOpen) renderPanel();
}

export function isOpen() {
  return panelOpen;
}

/** The key of a modifier on the board: `mod:` and its name in lower case (as the agent makes it). */
export function modifierKey(name) {
  return 'mod:' + name.trim().toLowerCase();
}

export function openPanel(line) {
  forLine = line;
  panelOpen = true;
  deps.$('menu').hidden = false;
  renderPanel();
}

export function closePanel() {
  panelOpen = false;
  deps.$('menu').hidden = true;
}

/** Number key n (1-based) while the panel is open. */
export function choose(n) {
  const c = choices[n - 1];
  if (c) toggle(c);
}

function renderStrip() {
  const { $, el, T } = deps;
  const strip = $('eightysix');
  strip.replaceChildren(el('span', 'label', T.soldOutStrip), ...unavailable.map(u => el('span', 'item', u.name)));
  strip.hidden = unavailable.length === 0;
}

function renderPanel() {
  const { $, el, T } = deps;
  const out = new Set(unavailable.map(u => u.sku));
  choices = [];
  if (forLine) {
    if (forLine.sku && !out.has(forLine.sku)) choices.push({ sku: forLine.sku, name: forLine.name, available: false });
    for (const m of forLine.modifiers || []) {
      if (!out.has(modifierKey(m))) choices.push({ sku: modifierKey(m), name: m, available: false, modifier: true });
    }
  }
  const markable = choices.length;
  for (const u of unavailable) choices.push({ sku: u.sku, name: u.name, available: true, entry: u });
  const list = el('ol');
  choices.forEach((c, i) => {
    const li = el('li', c.available ? 'back-on' : 'mark-out');
    li.dataset.sku = c.sku;
    li.append(el('span', 'num', String(i + 1)), el('span', 'name', c.name + (c.modifier ? ' (' + T.modifier + ')' : '')),
      el('span', 'what', c.available ? T.backOn : T.markSoldOut));
    if (c.entry && c.entry.until) li.append(el('span', 'until', T.until(new Date(c.entry.until))));
    li.onclick = () => toggle(c);
    list.append(li);
  });
  const parts = [el('h2', null, T.soldOutTitle)];
  if (forLine && markable === 0) parts.push(el('p', null, forLine.sku ? T.nothingToMark : T.noSku));
  if (!forLine) parts.push(el('p', null, T.pickLine));
  parts.push(list, el('p', 'hint', T.soldOutHint));
  const close = el('button', 'btn', T.back);
  close.onclick = closePanel;
  parts.push(close);
  $('menu').replaceChildren(...parts);
}

function toggle(c) {
  const body = { sku: c.sku, name: c.name, available: c.available };
  fetch('/api/v1/menu/availability', {
    method: 'POST',
    headers: { 'Authorization': `Bearer ${deps.token()}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  }).then(r => r.ok ? null : r.json().then(e => deps.toast(deps.T.refused(e.error.code, e.error.message))))
    .catch(() => deps.toast(deps.T.refused('OFFLINE', '')));
  if (!c.available) forLine = null; // marked: the panel goes back to the board
}
