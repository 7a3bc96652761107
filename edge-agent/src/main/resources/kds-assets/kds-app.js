// The kitchen screen: pairing, the WebSocket to the agent (resync from the last change seen),
// rendering of cards, keys and touch. Logic that needs no DOM lives in kds-core.js.
import * as core from './kds-core.js';
import { texts } from './i18n.js';
import { createReceipts } from './kds-receipts.js';
import { initPanels, menu, recipes, onKey as panelKey, onMessage as panelMessage, onWelcome as panelsWelcome } from './kds-panels.js';
import { pairFromUrl, pairingForm } from './pairing.js';
import { buildCard, el, spanRows } from './kds-card.js';
import { acknowledge, renderAlerts, renderLoad } from './kds-alerts.js';
import { renderAllDay, renderKeyHelp, updateAge } from './kds-lists.js';
import * as recall from './kds-recall.js';

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
let lastBump = null;            // {ticketId, lineId} of this screen's last bump, for undo
const pending = new Map();      // actionId -> message, sent again after a reconnect until answered
const cardNodes = new Map();    // ticketId -> {node, key}
let renderQueued = false;
let firstUnrendered = 0;        // when the oldest change not yet on screen arrived (performance.now())

// for tests and benchmarks: when each ticket's change left the agent (sentAt), arrived here, and was
// first in the DOM, and how long updates took from arrival to rendered
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
  if (panelMessage(m)) return;
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
    case 'alerts': return renderAlerts($('alerts'), T, m.alerts || [], id => acknowledge(id, localStorage.getItem(tokenKey), station, toast, T));
    case 'load': return renderLoad($('load'), T, m);
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
  panelsWelcome(m, T);
  renderKeyHelp($('keys'), T, config.station.keys);
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
      const node = buildCard(c, cardUi);
      if (entry) entry.node.replaceWith(node);
      entry = { node, key, num: null, age: null, pacedUntil: core.pacedUntil(t, Date.now() + clockOffset) };
      cardNodes.set(t.ticketId, entry);
      updateAge(entry, t, Date.now() + clockOffset, config.station);
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
  renderAllDay($('allday'), T, cards.map(c => c.ticket));
  recall.refresh();
  $('counts').textContent = T.tickets(cards.length);
  receipts.rendered(cards.map(c => c.ticket)); // render runs in an animation frame: these cards are painted
  if (firstUnrendered) {
    void container.offsetHeight; // style and layout now, so the measurement includes them
    probe.renderMs.push(performance.now() - firstUnrendered);
    if (probe.renderMs.length > 2000) probe.renderMs.shift();
    firstUnrendered = 0;
  }
}

// The width of the grid's columns, for the cards' spans (kds-core.js): read from the grid when its
// size changes (the callback runs after layout, so the read costs nothing); every card's span follows.
let cardWidth = core.GRID.defaultWidthPx;
new ResizeObserver(() => {
  const w = parseFloat(getComputedStyle($('cards')).gridTemplateColumns);
  if (!(w > 0) || Math.abs(w - cardWidth) < 1) return;
  cardWidth = w;
  for (const c of cards) {
    const entry = cardNodes.get(c.ticket.ticketId);
    if (entry) spanRows(entry.node, c, cardWidth);
  }
}).observe($('cards'));

const indexOf = ticketId => cards.findIndex(x => x.ticket.ticketId === ticketId);
const cardUi = {
  get T() { return T; },
  get cardWidth() { return cardWidth; },
  get config() { return config; },
  get nowMs() { return Date.now() + clockOffset; },
  recipes,
  act,
  select: (ticketId, line) => select(indexOf(ticketId), line),
  bump: ticketId => bumpCard(indexOf(ticketId)),
  soldOut: ticketId => menu.openPanel(lineOf(indexOf(ticketId))),
};

function cardKey(c) {
  // shownAt alone changes nothing a cook sees: a card is not rebuilt for it
  return c.ticket.version - (c.ticket.shownAt ? 1 : 0) + '|' + c.ticket.status
    + (c.stations ? '|' + c.stations.map(s => s.version).join(',') : '');
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
    updateAge(entry, c.ticket, now, config.station);
    if (entry.pacedUntil && now >= entry.pacedUntil) { // a paced line's time has come: show it as one to cook
      entry.key = '';
      scheduleRender();
    }
  }
  requestAnimationFrame(() => receipts.rendered(cards.map(c => c.ticket))); // reports not confirmed are sent again
}

setInterval(tick, 1000);

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

/** The line a panel opens for: the card's selected line, else the first that `prefer` likes, else its first. */
function lineOf(i, prefer = () => true) {
  const c = cards[i];
  if (!c) return null;
  const lines = core.selectableLines(c.ticket);
  return (i === selected && selectedLine >= 0 && lines[selectedLine]) || lines.find(prefer) || lines[0] || null;
}

function command(cmd) {
  const c = cards[selected];
  if (recall.isOpen()) return recall.command(cmd);
  switch (cmd) {
    case 'bump': return bumpCard(selected);
    case 'start': if (c) act(c.ticket.ticketId, 'START'); return;
    case 'fire': if (c) act(c.ticket.ticketId, 'FIRE', selectedLine >= 0 ? (core.selectableLines(c.ticket)[selectedLine] || {}).lineId : undefined); return;
    case 'acknowledge': if (c && core.needsAck(c.ticket)) act(c.ticket.ticketId, 'VOID_ACK'); return;
    case 'undo':
      if (lastBump) act(lastBump.ticketId, 'RECALL', lastBump.lineId);
      lastBump = null;
      return;
    case 'recall': return recall.open();
    case 'next': return select(Math.min(cards.length - 1, selected + 1), -1);
    case 'previous': return select(Math.max(0, selected - 1), -1);
    case 'lineDown': if (c) select(selected, Math.min(core.selectableLines(c.ticket).length - 1, selectedLine + 1)); return;
    case 'lineUp': if (c) select(selected, Math.max(-1, selectedLine - 1)); return;
    case 'back': return select(selected, -1);
    case 'soldOut': return menu.openPanel(lineOf(selected));
    case 'recipe': if (c) recipes.show(lineOf(selected, recipes.hasRecipe)); return;
  }
}

document.addEventListener('keydown', e => {
  if (!config || e.ctrlKey || e.altKey || e.metaKey) return;
  const k = core.keyCommand(config.station.keys, e.key);
  if (panelKey(e, k) || !k || e.target.tagName === 'INPUT') return;
  e.preventDefault();
  if (k.select) {
    if (recall.isOpen()) recall.choose(k.select); else select(k.select - 1, -1);
  } else {
    command(k.command);
  }
});

function showPairing(refusedWhy) {
  setState('unpaired');
  const texts = { title: T.unpairedTitle, body: T.unpairedBody(station), refused: refusedWhy && T.wrongToken(refusedWhy), button: T.pair };
  pairingForm($('pairing'), texts, token => {
    localStorage.setItem(tokenKey, token);
    connect();
  });
}

pairFromUrl(tokenKey);
initPanels({ $, el, get T() { return T; }, token: () => localStorage.getItem(tokenKey), toast, station });
recall.initRecall({
  box: $('recall'),
  get T() { return T; },
  items: () => config ? core.recallList(state, station, new Set(cards.map(c => c.ticket.ticketId)), Date.now() + clockOffset, config.recallWindow) : [],
  recall: ticketId => act(ticketId, 'RECALL'),
});
connect();
