// The manager's dashboard: today at a glance, from GET /api/v1/dashboard every 15 s with
// the admin token this tablet was paired with. Charts by uPlot (vendored, MIT), no CDN: works offline.
import { pairFromUrl, pairingForm } from '/kds-assets/pairing.js';

const KEY = 'dapur-dashboard-token';
const TEXTS = {
  en: { title: 'Kitchen today', orders: 'orders', open: 'open tickets', late: 'late tickets', waste: 'waste', haccp: 'food-safety alerts',
        times: 'Ticket times per station (created → ready), seconds', hours: 'Tickets per hour', lateList: 'Late tickets',
        wasteList: 'Waste today', alerts: 'Open food-safety alerts', staff: 'Cooks today', none: 'None', updated: 'updated',
        stale: 'not updated since', pairTitle: 'Pair this dashboard', pairBody: 'Type the outlet’s admin token.',
        refused: 'That token was refused.', pair: 'Pair', bumps: 'bumps', p50: 'p50', p90: 'p90', tickets: 'tickets', station: 'Station', hour: 'Hour' },
  id: { title: 'Dapur hari ini', orders: 'pesanan', open: 'tiket terbuka', late: 'tiket terlambat', waste: 'limbah', haccp: 'peringatan keamanan pangan',
        times: 'Waktu tiket per stasiun (dibuat → siap), detik', hours: 'Tiket per jam', lateList: 'Tiket terlambat',
        wasteList: 'Limbah hari ini', alerts: 'Peringatan keamanan pangan terbuka', staff: 'Juru masak hari ini', none: 'Tidak ada',
        updated: 'diperbarui', stale: 'tidak diperbarui sejak', pairTitle: 'Pasangkan dasbor ini', pairBody: 'Ketik token admin outlet.',
        refused: 'Token itu ditolak.', pair: 'Pasangkan', bumps: 'bump', p50: 'p50', p90: 'p90', tickets: 'tiket', station: 'Stasiun', hour: 'Jam' },
};
const lang = (new URL(location.href).searchParams.get('lang') || navigator.language || 'en').slice(0, 2) === 'id' ? 'id' : 'en';
const T = TEXTS[lang];
const $ = id => document.getElementById(id);
const charts = {};
let token = pairFromUrl(KEY);
let lastOk = null;

document.documentElement.lang = lang;
$('title').textContent = T.title;
document.title = T.title;
document.querySelectorAll('[data-t]').forEach(e => { e.textContent = T[e.dataset.t]; });

function pair(refused) {
  pairingForm($('pairing'), { title: T.pairTitle, body: T.pairBody, refused: refused ? T.refused : null, button: T.pair }, t => {
    localStorage.setItem(KEY, t);
    token = t;
    $('pairing').hidden = true;
    load();
  });
}

function cell(tr, text, num) {
  const td = document.createElement('td');
  td.textContent = text;
  if (num) td.className = 'num';
  tr.append(td);
}

function list(el, items, render) {
  if (!items.length) {
    const li = document.createElement(el.tagName === 'TABLE' ? 'tr' : 'li');
    li.className = 'empty';
    li.textContent = T.none;
    el.replaceChildren(li);
    return;
  }
  el.replaceChildren(...items.map(render));
}

function kg(g) { return g >= 1000 ? (g / 1000).toFixed(1) + ' kg' : Math.round(g) + ' g'; }

function chart(id, labels, series, opts) {
  const el = $(id);
  const width = Math.max(300, el.clientWidth);
  const xs = labels.map((_, i) => i);
  const data = [xs, ...series.map(s => s.values)];
  if (charts[id]) charts[id].destroy();
  // bullet bars: the first series wide and light behind, the next narrower in front (p90 behind p50)
  const widths = [0.7, 0.35];
  charts[id] = new uPlot({
    width, height: 240, legend: { show: true },
    scales: { x: { time: false, range: [-0.5, Math.max(0.5, xs.length - 0.5)] }, y: { range: (u, min, max) => [0, Math.max(10, max * 1.15)] } },
    axes: [{ values: (u, vals) => vals.map(v => labels[v] ?? ''), splits: () => xs, grid: { show: false } }, { label: opts.yLabel }],
    series: [{ label: opts.xLabel, value: (u, v) => v == null ? '-' : labels[v] ?? '-' },
      ...series.map((s, i) => ({ label: s.label, fill: s.color, stroke: s.color, points: { show: false },
        paths: uPlot.paths.bars({ size: [widths[i] ?? 0.3, 120], align: 0 }), value: (u, v) => v == null ? '-' : v }))],
  }, data, el);
  el.dataset.labels = labels.join(',');
  el.dataset.points = String(series.reduce((n, s) => n + s.values.filter(v => v != null).length, 0));
}

function render(d) {
  const a = d.analytics;
  $('orders').textContent = d.orders;
  $('open').textContent = d.openTickets;
  $('late').textContent = a.stations.reduce((n, s) => n + s.late, 0);
  const grams = d.waste.reduce((n, w) => n + w.grams, 0);
  const qty = d.waste.reduce((n, w) => n + w.qty, 0);
  $('waste').textContent = kg(grams) + (qty ? ' + ' + qty : '');
  $('haccp').textContent = d.foodSafetyAlerts.length;
  $('haccp').parentElement.classList.toggle('on', d.foodSafetyAlerts.length > 0);
  chart('chart-stations', a.stations.map(s => s.station), [
    { label: T.p90, color: 'rgba(255, 167, 38, 0.55)', values: a.stations.map(s => s.p90Seconds) },
    { label: T.p50, color: 'rgba(30, 136, 229, 0.9)', values: a.stations.map(s => s.p50Seconds) },
  ], { yLabel: 's', xLabel: T.station });
  const hours = Array.from({ length: 24 }, (_, h) => (a.hours.find(x => x.hour === h) || { tickets: 0 }).tickets);
  const first = Math.max(0, hours.findIndex(n => n > 0) - 1);
  const last = Math.min(23, 23 - [...hours].reverse().findIndex(n => n > 0) + 1);
  const span = hours.some(n => n > 0) ? [first, last] : [8, 22];
  const hs = [];
  for (let h = span[0]; h <= span[1]; h++) hs.push(h);
  chart('chart-hours', hs.map(h => String(h).padStart(2, '0') + ':00'), [
    { label: T.tickets, color: 'rgba(67, 160, 71, 0.85)', values: hs.map(h => hours[h]) },
  ], { yLabel: T.tickets, xLabel: T.hour });
  list($('late-list'), d.late.recent, l => {
    const li = document.createElement('li');
    li.textContent = `${l.ticketId} — ${Math.round(l.seconds / 60)} min${l.by ? ' — ' + l.by : ''}`;
    return li;
  });
  list($('waste-list'), d.waste, w => {
    const tr = document.createElement('tr');
    cell(tr, w.name);
    cell(tr, w.reason);
    cell(tr, w.grams ? kg(w.grams) : w.qty + ' pcs', true);
    cell(tr, w.cost != null ? w.cost.toLocaleString(lang) : '', true);
    return tr;
  });
  list($('alert-list'), d.foodSafetyAlerts, al => {
    const li = document.createElement('li');
    li.textContent = `${al.severity} ${al.kind}: ${al.message}`;
    return li;
  });
  list($('staff-list'), a.staff, s => {
    const tr = document.createElement('tr');
    cell(tr, s.staffId);
    cell(tr, `${s.bumps} ${T.bumps}`, true);
    cell(tr, `${T.p50} ${s.p50Seconds} s`, true);
    return tr;
  });
}

async function load() {
  if (!token) { pair(false); return; }
  try {
    const r = await fetch('/api/v1/dashboard', { headers: { Authorization: 'Bearer ' + token }, cache: 'no-store' });
    if (r.status === 401 || r.status === 403) { localStorage.removeItem(KEY); token = null; pair(true); return; }
    if (!r.ok) throw new Error('HTTP ' + r.status);
    render(await r.json());
    lastOk = new Date();
    document.body.dataset.state = 'live';
    $('updated').textContent = `${T.updated} ${lastOk.toLocaleTimeString(lang)}`;
  } catch (e) {
    document.body.dataset.state = 'stale';
    if (lastOk) $('updated').textContent = `${T.stale} ${lastOk.toLocaleTimeString(lang)}`;
  }
}

load();
setInterval(load, 15000);
