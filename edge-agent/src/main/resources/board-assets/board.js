// The ready board at the pickup counter: two columns of order numbers, live over a
// WebSocket that reconnects by itself, a chime when an order turns ready. Shows only what the agent
// sends: number, channel, and the customer's display name when the order set one.
import { boardTexts } from './board-texts.js';
import { pairFromUrl, pairingForm } from '/kds-assets/pairing.js';

const tokenKey = 'dapur.board.token';
const $ = id => document.getElementById(id);
let T = boardTexts(document.documentElement.lang);
let chime = true;
let ws = null;
let lastMessage = 0;
let reconnectDelay = 1000;
let shownReady = null;          // numbers in the Ready column last time (null: nothing shown yet)
let audio = null;
const probe = window.__board = { chimes: 0, updates: 0 };

function connect() {
  const token = localStorage.getItem(tokenKey);
  if (!token) return unpaired(null);
  ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/board/ws`);
  ws.onopen = () => { lastMessage = Date.now(); ws.send(JSON.stringify({ type: 'hello', token })); };
  ws.onmessage = e => { lastMessage = Date.now(); onMessage(JSON.parse(e.data)); };
  ws.onclose = e => {
    ws = null;
    if (e.code === 4401) return;
    document.body.dataset.state = 'offline';
    $('link').textContent = T.offline;
    $('link').className = 'link down';
    setTimeout(connect, reconnectDelay);
    reconnectDelay = Math.min(5000, reconnectDelay * 2);
  };
}

// a link that died silently is noticed by the missing heartbeat
setInterval(() => { if (ws && ws.readyState === WebSocket.OPEN && Date.now() - lastMessage > 12000) ws.close(); }, 2000);

function onMessage(m) {
  switch (m.type) {
    case 'welcome':
      T = boardTexts(m.language);
      document.documentElement.lang = m.language;
      chime = m.chime;
      $('preparing-title').textContent = T.preparing;
      $('ready-title').textContent = T.ready;
      $('pairing').hidden = true;
      return;
    case 'board': return render(m);
    case 'error':
      if (m.code === 'UNAUTHORIZED') {
        localStorage.removeItem(tokenKey);
        unpaired(T.refused);
      }
  }
}

function item(o, fresh) {
  const li = document.createElement('li');
  li.dataset.number = o.number;
  li.dataset.channel = o.channel;
  if (fresh) li.className = 'fresh';
  const num = document.createElement('span');
  num.className = 'num';
  num.textContent = o.number;
  li.append(num);
  if (o.displayName) {
    const who = document.createElement('span');
    who.className = 'who';
    who.textContent = o.displayName;
    li.append(who);
  }
  const ch = document.createElement('span');
  ch.className = 'channel channel-' + o.channel;
  ch.textContent = T.channels[o.channel] || o.channel;
  li.append(ch);
  return li;
}

function render(m) {
  probe.updates++;
  document.body.dataset.state = 'live';
  reconnectDelay = 1000;
  $('link').textContent = '';
  $('link').className = 'link';
  const fresh = m.ready.filter(o => shownReady !== null && !shownReady.has(o.number));
  $('preparing').replaceChildren(...m.preparing.map(o => item(o, false)));
  $('ready').replaceChildren(...m.ready.map(o => item(o, fresh.includes(o))));
  shownReady = new Set(m.ready.map(o => o.number));
  if (fresh.length && chime) ding();
}

// A two-note chime from the Web Audio API (no sound file). A TV in kiosk mode starts Chromium with
// --autoplay-policy=no-user-gesture-required; otherwise the first touch of the page unlocks sound.
function ding() {
  probe.chimes++;
  try {
    audio = audio || new AudioContext();
    const now = audio.currentTime;
    [[880, 0], [1320, 0.18]].forEach(([f, at]) => {
      const o = audio.createOscillator();
      const g = audio.createGain();
      o.frequency.value = f;
      g.gain.setValueAtTime(0.0001, now + at);
      g.gain.exponentialRampToValueAtTime(0.4, now + at + 0.02);
      g.gain.exponentialRampToValueAtTime(0.0001, now + at + 0.5);
      o.connect(g).connect(audio.destination);
      o.start(now + at);
      o.stop(now + at + 0.55);
    });
  } catch (e) {
    // no audio device: the board still shows the number
  }
}
document.addEventListener('click', () => { if (audio && audio.state === 'suspended') audio.resume(); });

function unpaired(why) {
  document.body.dataset.state = 'unpaired';
  pairingForm($('pairing'), { title: T.unpaired, refused: why, button: T.pair }, token => {
    localStorage.setItem(tokenKey, token);
    connect();
  });
}

$('preparing-title').textContent = T.preparing;
$('ready-title').textContent = T.ready;
pairFromUrl(tokenKey);
connect();
