// One ticket's card on a kitchen screen: built whole from the ticket (a card is rebuilt when its
// ticket changes, never patched). What a touch on it does is the screen's business (`ui`).
import * as core from './kds-core.js';

export function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}

function button(label, onClick) {
  const b = el('button', 'btn', label);
  b.onclick = e => { e.stopPropagation(); onClick(); };
  return b;
}

/** The grid's rows are fixed: the card's span is its height. One taller than the grid allows scrolls its lines. */
export function spanRows(card, c, widthPx) {
  const rows = core.cardRows(c, widthPx);
  card.style.gridRowEnd = 'span ' + rows;
  card.classList.toggle('long', rows === core.GRID.maxRows && core.cardHeightPx(c, widthPx) > core.GRID.maxHeightPx);
}

/**
 * `c`: {ticket, stations?} (stations: an expo card's station tickets). `ui`: {T, config, nowMs, cardWidth, recipes,
 * act(ticketId, action, lineId?), select(ticketId, lineIndex), bump(ticketId), soldOut(ticketId)}.
 */
export function buildCard(c, ui) {
  const { T, config, recipes } = ui;
  const t = c.ticket;
  const card = el('article', 'card status-' + t.status);
  card.dataset.ticketId = t.ticketId;
  card.dataset.status = t.status;
  card.dataset.version = t.version;
  spanRows(card, c, ui.cardWidth);
  const head = el('header');
  head.append(el('span', 'num'), el('span', 'order', '#' + t.orderId));
  card.dataset.channel = t.channel;
  const where = el('span', 'where', t.table ? T.table(t.table) + ' · ' : '');
  where.append(el('span', 'channel channel-' + t.channel, T.channels[t.channel] || t.channel));
  head.append(where, el('span', 'age'));
  card.append(head);
  if (core.needsAck(t)) card.append(button(T.changed, () => ui.act(t.ticketId, 'VOID_ACK')));
  const held = core.heldCourse(t);
  const lines = el('ul', 'lines');
  const selectable = core.selectableLines(t);
  for (const l of t.items) {
    const li = el('li', 'line status-' + l.status + (core.isHeld(t, l) ? ' held' : ''));
    li.dataset.lineId = l.lineId;
    li.append(el('span', 'qty', l.qty + '×'), el('span', 'name', l.name));
    if ((l.course || 1) > 1) li.append(el('span', 'course', 'C' + l.course));
    const fireAt = l.fireAt && l.status === 'NEW' ? Date.parse(l.fireAt) : 0;
    if (fireAt > ui.nowMs) {
      li.classList.add('paced');
      li.append(el('span', 'paced-tag', T.firesAt(new Date(fireAt - (ui.nowMs - Date.now())))));
    }
    if (l.unavailable && l.status !== 'VOIDED') {
      li.classList.add('unavailable');
      li.append(el('span', 'soldout-tag', T.soldOut));
    }
    if (l.status === 'VOIDED') li.append(el('span', 'void-tag', T.voided));
    else if (l.status !== 'NEW') li.append(el('span', 'line-status', T.statuses[l.status]));
    if (recipes.hasRecipe(l)) {
      const book = el('button', 'recipe-btn', '📖');
      book.title = T.recipe;
      book.onclick = e => { e.stopPropagation(); recipes.show(l); };
      li.append(book);
    }
    if (l.modifiers && l.modifiers.length) li.append(el('div', 'mods', l.modifiers.join(', ')));
    if (l.note) li.append(el('div', 'note', l.note));
    if (l.allergens && l.allergens.length) li.append(el('div', 'allergens', '⚠ ' + l.allergens.join(', ')));
    const idx = selectable.indexOf(l);
    if (idx >= 0) li.onclick = e => { e.stopPropagation(); ui.select(t.ticketId, idx); };
    lines.append(li);
  }
  card.append(lines);
  if (held) card.append(el('div', 'held-note', T.heldCourse(held)));
  if (c.stations && c.stations.some(s => s.unseenAt && !s.shownAt)) card.append(el('div', 'unseen', T.unseen));
  if (c.stations) {
    const progress = el('div', 'progress');
    for (const s of c.stations) {
      const name = (config.stations.find(x => x.id === s.station) || { name: s.station }).name;
      progress.append(el('span', 'chip status-' + s.status, name + ': ' + T.statuses[s.status]));
    }
    card.append(progress);
  }
  const foot = el('footer');
  if (!config.station.expo && t.status === 'NEW') foot.append(button(T.start, () => ui.act(t.ticketId, 'START')));
  if (held) foot.append(button(T.fire, () => ui.act(t.ticketId, 'FIRE')));
  foot.append(button(T.soldOut, () => ui.soldOut(t.ticketId)));
  foot.append(button(config.station.expo ? T.serve : T.bump, () => ui.bump(t.ticketId)));
  card.append(foot);
  card.onclick = () => ui.select(t.ticketId, -1);
  return card;
}
