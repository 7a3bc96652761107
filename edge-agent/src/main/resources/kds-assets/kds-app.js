// The kitchen screen: pairing, the WebSocket to the agent (resync from the last change seen),
// rendering of cards, keys and touch. Logic that needs no DOM lives in kds-core.js.
import * as core from './kds-core.js';
import { texts } from './i18n.js';
import { createReceipts } from './kds-receipts.js';
import * as menu from './kds-menu.js';
import * as recipes from './kds-recipe.js';
import { pairFromUrl } from './pairing.js';

const station = document.querySelector('meta[name="dapur-station"]').content;
const tokenKey = `dapur.kds.token.${station}`;
const $ = id => document.getElementById(id);

let T = texts(document.documentElement.lang);
let config = null;              // the welcome message
let state = core.newState();
let instance = '';
let ws = null;
let live = false;
let offlineSince = null;
let lastMessage = 0;
let reconnectDelay = 1000;
let clockOffset = 0;            // server time - local time
let selected = 0;               // index into the visible cards
let selectedLine = -1;          // index into the selected card's selectable lines, -1: the whole card
let recallOpen = false;
let recallSelected = 0;
let lastBump = null;            // {ticketId, lineId} of this screen's last bump, for undo
const pending = new Map();      // actionId -> message, sent again after a reconnect until answered
const cardNodes = new Map();    // ticketId -> {node, key}
let renderQueued = false;
let firstUnrendered = 0;        // when the oldest change not yet on screen arrived (performance.now())

// Measurements for the benchmark and tests: when each ticket was first shown, and how long
// updates took from arrival to rendered.
// for tests and benchmarks: when each ticket's change left the agent (sentAt), arrived here, and was first in the DOM
const probe = window.__kds = { shownAt: {}, sentAt: {}, arrivedAt: {}, renderMs: [], messages: 0 };
let arrivedAt = 0;
// display receipts: which painted tickets the agent has not yet confirmed as shown
const receipts = createReceipts(m => {
  if (!ws || !live) return false;
  ws.send(JSON.stringify(m));
  return true;
});

function setState(s) {
  document.body.dataset.state = s;
}

function connect() {
  const token = localStorage.getItem(tokenKey);
  if (!token) {
    showPairing(null);
    return;
  }
  setState(offlineSince ? 'offline' : 'connecting');
  ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/kds/${station}/ws`);
  ws.onopen = () => {
    lastMessage = Date.now();
    ws.send(JSON.stringify({ type: 'hello', token, since: state.lastSeq || 0, instance }));
  };
  ws.onmessage = e => {
    arrivedAt = performance.timeOrigin + performance.now();
    lastMessage = Date.now();
    probe.messages++;
    onMessage(JSON.parse(e.data));
  };
  ws.onclose = e => {
    ws = null;
    if (e.code === 4401) return; // the pairing page says why
    goOffline();
    setTimeout(connect, reconnectDelay);
    reconnectDelay = Math.min(5000, reconnectDelay * 2);
  };
}

function goOffline() {
  live = false;
  if (!offlineSince) offlineSince = new Date();
  setState('offline');
  const hhmm = offlineSince.toLocaleTimeString(document.documentElement.lang, { hour: '2-digit', minute: '2-digit' });
  $('banner').textContent = T.offlineSince(hhmm);
  $('banner').hidden = false;
  $('link').textContent = T.offline;
  $('link').className = 'link down';
}

// A link that died silently (Wi-Fi gone, agent frozen) is noticed by the missing heartbeat.
setInterval(() => {
  if (ws && ws.readyState === WebSocket.OPEN && Date.now() - lastMessage > 12000) ws.close();
}, 2000);

function onMessage(m) {
  switch (m.type) {
    case 'welcome': return onWelcome(m);
    case 'sync': return onSync(m);
    case 'ticket':
      if (m.sentAt && !(m.ticket.ticketId in probe.arrivedAt)) {
        probe.sentAt[m.ticket.ticketId] = m.sentAt;
        probe.arrivedAt[m.ticket.ticketId] = arrivedAt;
      }
      return onTicket(m.seq, m.ticket);
    case 'result': return onResult(m);
    case 'alerts': return renderAlerts(m.alerts || []);
    case 'menu': return menu.onMenu(m);
    case 'load': return renderLoad(m);
    case 'ping': case 'pong': clockOffset = m.serverTime - Date.now(); return;
    case 'error':
      if (m.code === 'UNAUTHORIZED') {
        localStorage.removeItem(tokenKey);
        showPairing(m.message);
      } else {
        toast(T.refused(m.code, m.message));
      }
  }
}

function onWelcome(m) {
  config = m;
  T = texts(m.language);
  document.documentElement.lang = m.language;
  clockOffset = m.serverTime - Date.now();
  if (instance && instance !== m.instance) core.reset(state);
  instance = m.instance;
  $('station-name').textContent = m.station.name;
  $('mode').textContent = m.station.expo && m.station.name !== T.expoMode ? T.expoMode : '';
  $('pairing').hidden = true;
  menu.setTexts(T);
  recipes.setRecipes(m.recipes);
  renderKeyHelp();
}

function onSync(m) {
  if (m.reset) {
    core.reset(state);
    cardNodes.clear();
    $('cards').replaceChildren();
  }
  const now = performance.now();
  for (const c of m.tickets) {
    if (core.applyChange(state, c.seq, c.ticket) && !firstUnrendered) firstUnrendered = now;
  }
  if (m.complete) {
    // every change up to the sync's read point is in it: resume from there after a reconnect
    if (typeof m.seq === 'number' && m.seq > state.lastSeq) state.lastSeq = m.seq;
    live = true;
    offlineSince = null;
    reconnectDelay = 1000;
    setState('live');
    $('banner').hidden = true;
    $('link').textContent = T.live;
    $('link').className = 'link up';
    for (const msg of pending.values()) ws.send(JSON.stringify(msg));
    receipts.reset();
  }
  scheduleRender();
}

function onTicket(seq, ticket) {
  if (core.applyChange(state, seq, ticket)) {
    if (!firstUnrendered) firstUnrendered = performance.now();
    scheduleRender();
  }
}

function onResult(m) {
  if (!m.ok && m.error.retryable) return; // stays pending: sent again after the next reconnect
  pending.delete(m.actionId);
  if (!m.ok) toast(T.refused(m.error.code, m.error.message));
}

let actionCounter = 0;
function act(ticketId, action, lineId) {
  const msg = { type: 'action', actionId: `${station}-${Date.now().toString(36)}-${(actionCounter++).toString(36)}`, ticketId, action };
  if (lineId) msg.lineId = lineId;
  pending.set(msg.actionId, msg);
  if (ws && live) ws.send(JSON.stringify(msg));
  updatePendingNote();
}

function updatePendingNote() {
  if (pending.size > 0 && !live) toast(T.pending(pending.size));
}

let toastTimer = 0;
function toast(text) {
  $('toast').textContent = text;
  $('toast').hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { $('toast').hidden = true; }, 6000);
}

// ---- rendering ----

function scheduleRender() {
  if (!renderQueued) {
    renderQueued = true;
    requestAnimationFrame(render);
  }
}

function visibleCards() {
  if (!config) return [];
  if (config.station.expo) {
    return core.expoCards(state, station).map(o => ({ ticket: o.expo, stations: o.stations }));
  }
  return core.stationCards(state, station, config.hasExpo).map(t => ({ ticket: t }));
}

let cards = [];
function render() {
  renderQueued = false;
  cards = visibleCards();
  const container = $('cards');
  // cards that went away leave first: removed after the placing below, a bumped first card made every
  // other card "out of place" and each was moved (200 DOM moves and a full re-layout per bump)
  const keep = new Set(cards.map(c => c.ticket.ticketId));
  for (const [id, entry] of cardNodes) {
    if (!keep.has(id)) {
      entry.node.remove();
      cardNodes.delete(id);
    }
  }
  const nowWall = performance.timeOrigin + performance.now();
  cards.forEach((c, i) => {
    const t = c.ticket;
    const key = cardKey(c);
    let entry = cardNodes.get(t.ticketId);
    if (!entry || entry.key !== key) {
      const node = buildCard(c);
      if (entry) entry.node.replaceWith(node);
      entry = { node, key, num: null, age: null, pacedUntil: core.pacedUntil(t, Date.now() + clockOffset) };
      cardNodes.set(t.ticketId, entry);
      updateAge(entry, t, Date.now() + clockOffset);
    }
    if (!(t.ticketId in probe.shownAt)) probe.shownAt[t.ticketId] = nowWall;
    const num = i < 10 ? String((i + 1) % 10) : '';
    if (entry.num !== num) {
      entry.node.querySelector('.num').textContent = num;
      entry.num = num;
    }
    if (container.children[i] !== entry.node) container.insertBefore(entry.node, container.children[i] || null);
  });
  if (selected >= cards.length) selected = Math.max(0, cards.length - 1);
  markSelection();
  renderAllDay();
  if (recallOpen) renderRecall();
  $('counts').textContent = T.tickets(cards.length);
  receipts.rendered(cards.map(c => c.ticket)); // render runs in an animation frame: these cards are painted
  if (firstUnrendered) {
    void container.offsetHeight; // style and layout now, so the measurement includes them
    probe.renderMs.push(performance.now() - firstUnrendered);
    if (probe.renderMs.length > 2000) probe.renderMs.shift();
    firstUnrendered = 0;
  }
}

function cardKey(c) {
  // shownAt alone changes nothing a cook sees: a card is not rebuilt for it
  return c.ticket.version - (c.ticket.shownAt ? 1 : 0) + '|' + c.ticket.status
    + (c.stations ? '|' + c.stations.map(s => s.version).join(',') : '');
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}

function buildCard(c) {
  const t = c.ticket;
  const card = el('article', 'card status-' + t.status);
  card.dataset.ticketId = t.ticketId;
  card.dataset.status = t.status;
  card.dataset.version = t.version;
  const head = el('header');
  head.append(el('span', 'num'), el('span', 'order', '#' + t.orderId));
  card.dataset.channel = t.channel;
  const where = el('span', 'where', t.table ? T.table(t.table) + ' · ' : '');
  where.append(el('span', 'channel channel-' + t.channel, T.channels[t.channel] || t.channel));
  head.append(where, el('span', 'age'));
  card.append(head);
  if (core.needsAck(t)) {
    const b = el('button', 'changed', T.changed);
    b.onclick = e => { e.stopPropagation(); act(t.ticketId, 'VOID_ACK'); };
    card.append(b);
  }
  const held = core.heldCourse(t);
  const lines = el('ul', 'lines');
  const selectable = core.selectableLines(t);
  for (const l of t.items) {
    const li = el('li', 'line status-' + l.status + (core.isHeld(t, l) ? ' held' : ''));
    li.dataset.lineId = l.lineId;
    li.append(el('span', 'qty', l.qty + '×'), el('span', 'name', l.name));
    if ((l.course || 1) > 1) li.append(el('span', 'course', 'C' + l.course));
    const fireAt = l.fireAt && l.status === 'NEW' ? Date.parse(l.fireAt) : 0;
    if (fireAt > Date.now() + clockOffset) {
      li.classList.add('paced');
      li.append(el('span', 'paced-tag', T.firesAt(new Date(fireAt - clockOffset))));
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
    if (idx >= 0) {
      li.onclick = e => { e.stopPropagation(); select(cards.findIndex(x => x.ticket.ticketId === t.ticketId), idx); };
    }
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
  if (!config.station.expo && t.status === 'NEW') foot.append(button(T.start, () => act(t.ticketId, 'START')));
  if (held) foot.append(button(T.fire, () => act(t.ticketId, 'FIRE')));
  foot.append(button(T.soldOut, () => openSoldOut(cards.findIndex(x => x.ticket.ticketId === t.ticketId))));
  foot.append(button(config.station.expo ? T.serve : T.bump, () => bumpCard(cards.findIndex(x => x.ticket.ticketId === t.ticketId))));
  card.append(foot);
  card.onclick = () => select(cards.findIndex(x => x.ticket.ticketId === t.ticketId), -1);
  return card;
}

function button(label, onClick) {
  const b = el('button', 'btn', label);
  b.onclick = e => { e.stopPropagation(); onClick(); };
  return b;
}

// Only the card that was selected and the one that is now are touched: with 200 cards on screen,
// touching all of them on every change is what makes a page slow.
let marked = null;
function markSelection() {
  const c = cards[selected];
  const entry = c ? cardNodes.get(c.ticket.ticketId) : null;
  if (marked && marked !== entry) {
    marked.node.classList.remove('selected');
    for (const li of marked.node.querySelectorAll('li.line.selected')) li.classList.remove('selected');
  }
  marked = entry;
  if (!entry) return;
  entry.node.classList.add('selected');
  const lineId = selectedLine >= 0 ? (core.selectableLines(c.ticket)[selectedLine] || {}).lineId : null;
  for (const li of entry.node.querySelectorAll('li.line')) li.classList.toggle('selected', li.dataset.lineId === lineId);
}

// Age timers and colours, every second (cheap: text and a class per card).
function tick() {
  if (!config) return;
  const now = Date.now() + clockOffset;
  $('clock').textContent = new Date(now).toLocaleTimeString(document.documentElement.lang, { hour: '2-digit', minute: '2-digit' });
  for (const c of cards) {
    const entry = cardNodes.get(c.ticket.ticketId);
    updateAge(entry, c.ticket, now);
    if (entry.pacedUntil && now >= entry.pacedUntil) { // a paced line's time has come: show it as one to cook
      entry.key = '';
      scheduleRender();
    }
  }
  requestAnimationFrame(() => receipts.rendered(cards.map(c => c.ticket))); // reports not confirmed are sent again
}

function updateAge(entry, ticket, now) {
  const age = core.ageSeconds(ticket, now);
  const text = core.formatAge(age);
  if (entry.age === text) return;
  entry.age = text;
  entry.node.querySelector('.age').textContent = text;
  const cls = core.ageClass(age, config.station.amberAfter, config.station.redAfter);
  if (entry.node.dataset.age !== cls) {
    entry.node.classList.remove('age-fresh', 'age-amber', 'age-red');
    entry.node.classList.add('age-' + cls);
    entry.node.dataset.age = cls;
  }
}
setInterval(tick, 1000);

function renderAllDay() {
  const list = core.allDay(cards.map(c => c.ticket));
  const box = $('allday');
  const ul = el('ul');
  for (const c of list) {
    const li = el('li');
    li.append(el('span', 'qty', String(c.qty)), el('span', 'name', c.name));
    if (c.held) li.append(el('span', 'held-count', `(${c.held} ${T.held})`));
    ul.append(li);
  }
  box.replaceChildren(el('h2', null, T.allDay), ul);
}

function recallItems() {
  if (!config) return [];
  return core.recallList(state, station, new Set(cards.map(c => c.ticket.ticketId)), Date.now() + clockOffset, config.recallWindow);
}

function renderRecall() {
  const items = recallItems();
  const box = $('recall');
  const ul = el('ol');
  items.slice(0, 10).forEach((t, i) => {
    const li = el('li', i === recallSelected ? 'selected' : '');
    li.dataset.ticketId = t.ticketId;
    li.append(el('span', 'num', String((i + 1) % 10)), el('span', 'order', '#' + t.orderId),
      el('span', 'line-status', T.statuses[t.status]),
      el('span', 'names', t.items.filter(l => l.status !== 'VOIDED').map(l => l.qty + '× ' + l.name).join(', ')));
    li.onclick = () => { recallSelected = i; recallChosen(); };
    ul.append(li);
  });
  box.replaceChildren(el('h2', null, T.recallTitle), items.length ? ul : el('p', null, T.recallEmpty));
}

function renderKeyHelp() {
  const parts = [T.select];
  for (const [command, key] of Object.entries(config.station.keys)) {
    if (command === 'lineUp') continue;
    parts.push(`${key}: ${T.keyHelp[command]}`);
  }
  $('keys').textContent = parts.join('   ');
}

// ---- commands ----

function select(i, line) {
  if (i < 0 || i >= cards.length) return;
  selected = i;
  selectedLine = line;
  markSelection();
}

function bumpCard(i) {
  const c = cards[i];
  if (!c) return;
  const t = c.ticket;
  const lines = core.selectableLines(t);
  const lineId = i === selected && selectedLine >= 0 && lines[selectedLine] ? lines[selectedLine].lineId : undefined;
  act(t.ticketId, 'BUMP', lineId);
  lastBump = { ticketId: t.ticketId, lineId };
  selectedLine = -1;
}

/** The 86 panel for the card's selected line, else its first line. */
function openSoldOut(i) {
  const c = cards[i];
  if (!c) return menu.openPanel(null);
  const lines = core.selectableLines(c.ticket);
  const line = (i === selected && selectedLine >= 0 && lines[selectedLine]) || lines[0] || null;
  menu.openPanel(line);
}

function recallChosen() {
  const t = recallItems()[recallSelected];
  if (t) act(t.ticketId, 'RECALL');
  closeRecall();
}

function closeRecall() {
  recallOpen = false;
  $('recall').hidden = true;
}

function command(cmd) {
  const c = cards[selected];
  if (recallOpen) {
    if (cmd === 'bump') return recallChosen();
    if (cmd === 'back' || cmd === 'recall') return closeRecall();
    if (cmd === 'next' || cmd === 'lineDown') recallSelected++;
    if (cmd === 'previous' || cmd === 'lineUp') recallSelected = Math.max(0, recallSelected - 1);
    return renderRecall();
  }
  switch (cmd) {
    case 'bump': return bumpCard(selected);
    case 'start': if (c) act(c.ticket.ticketId, 'START'); return;
    case 'fire': if (c) act(c.ticket.ticketId, 'FIRE', selectedLine >= 0 ? (core.selectableLines(c.ticket)[selectedLine] || {}).lineId : undefined); return;
    case 'acknowledge': if (c && core.needsAck(c.ticket)) act(c.ticket.ticketId, 'VOID_ACK'); return;
    case 'undo':
      if (lastBump) act(lastBump.ticketId, 'RECALL', lastBump.lineId);
      lastBump = null;
      return;
    case 'recall':
      recallOpen = true;
      recallSelected = 0;
      $('recall').hidden = false;
      return renderRecall();
    case 'next': return select(Math.min(cards.length - 1, selected + 1), -1);
    case 'previous': return select(Math.max(0, selected - 1), -1);
    case 'lineDown': if (c) select(selected, Math.min(core.selectableLines(c.ticket).length - 1, selectedLine + 1)); return;
    case 'lineUp': if (c) select(selected, Math.max(-1, selectedLine - 1)); return;
    case 'back': return select(selected, -1);
    case 'soldOut': return openSoldOut(selected);
    case 'recipe': {
      if (!c) return;
      const lines = core.selectableLines(c.ticket);
      return recipes.show((selectedLine >= 0 && lines[selectedLine]) || lines.find(recipes.hasRecipe) || lines[0]);
    }
  }
}

document.addEventListener('keydown', e => {
  if (!config || e.target.tagName === 'INPUT' || e.ctrlKey || e.altKey || e.metaKey) return;
  const k = core.keyCommand(config.station.keys, e.key);
  if (!k) return;
  e.preventDefault();
  if (recipes.isOpen()) {
    if (k.command === 'back' || k.command === 'recipe') recipes.close();
    return;
  }
  if (menu.isOpen()) {
    if (k.select) menu.choose(k.select);
    else if (k.command === 'back' || k.command === 'soldOut') menu.closePanel();
    return;
  }
  if (k.select) {
    if (recallOpen) { recallSelected = k.select - 1; renderRecall(); } else select(k.select - 1, -1);
  } else {
    command(k.command);
  }
});

// ---- pairing ----

function showPairing(refusedWhy) {
  setState('unpaired');
  const box = $('pairing');
  const form = el('form');
  const input = el('input');
  input.type = 'password';
  input.name = 'token';
  input.autocomplete = 'off';
  form.append(input, el('button', 'btn', T.pair));
  form.onsubmit = e => {
    e.preventDefault();
    if (input.value.trim()) {
      localStorage.setItem(tokenKey, input.value.trim());
      connect();
    }
  };
  const parts = [el('h1', null, T.unpairedTitle)];
  if (refusedWhy) parts.push(el('p', 'refused', T.wrongToken(refusedWhy)));
  parts.push(el('p', null, T.unpairedBody(station)), form);
  box.replaceChildren(...parts);
  box.hidden = false;
}

pairFromUrl(tokenKey);
menu.initMenu({ $, el, T, token: () => localStorage.getItem(tokenKey), toast });
recipes.initRecipes({ $, el, get T() { return T; }, token: () => localStorage.getItem(tokenKey), toast });
connect();

// The kitchen load (CONTRACT §10): the level and the quote, in the header of every screen.
function renderLoad(m) {
  const box = $('load');
  box.textContent = T.load(m.level, m.quoteMinutes);
  box.className = 'load load-' + m.level;
  box.dataset.level = m.level;
}

// Open alerts (food safety, printers) as a banner on every screen; a cook can acknowledge one here.
function renderAlerts(alerts) {
  const box = $('alerts');
  box.replaceChildren(...alerts.map(a => {
    const row = document.createElement('div');
    row.className = 'alert';
    row.dataset.severity = a.severity;
    row.dataset.alertId = a.alertId;
    const msg = document.createElement('span');
    msg.className = 'msg';
    msg.textContent = a.message;
    row.append(msg);
    if (a.acknowledgedAt) {
      const done = document.createElement('span');
      done.className = 'acked';
      done.textContent = T.alertAcked(a.acknowledgedBy);
      row.append(done);
    } else {
      const b = document.createElement('button');
      b.textContent = T.acknowledge;
      b.onclick = () => ackAlert(a.alertId);
      row.append(b);
    }
    return row;
  }));
  box.hidden = alerts.length === 0;
}

function ackAlert(alertId) {
  fetch(`/api/v1/alerts/${encodeURIComponent(alertId)}/ack`, {
    method: 'POST',
    headers: { 'Authorization': `Bearer ${localStorage.getItem(tokenKey)}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ by: `KDS ${station}` }),
  }).then(r => { if (!r.ok) toast(T.refused(String(r.status), '')); }).catch(() => toast(T.refused('OFFLINE', '')));
}
