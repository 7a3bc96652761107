// Waste on a kitchen screen: the `waste` key (`w` by default) or the waste button opens a
// panel in three steps: the item (type to search the menu; recent items first; number keys or touch),
// the reason (number keys or touch), then the amount: weigh it on a scale (the stable weight is taken;
// an unstable, overloaded or offline scale says so and nothing is logged), or type a count or grams.
// Each entry has its own id, kept until it is logged, so a retry after a lost answer logs it once.
const REASONS = ['SPOILED', 'EXPIRED', 'OVERCOOKED', 'DROPPED', 'RETURNED', 'OTHER'];
const RECENT_KEY = 'dapur-waste-recent';
let deps = null;                // {$, el, T, token, toast}
let items = [];                 // [{sku, name}] of the menu
let scales = [];                // scale ids
let open = false;
let step = null;                // 'item' | 'reason' | 'amount'
let entry = null;               // {wasteId, sku?, name, reason?}
let shown = [];                 // the choices numbered on screen

export function initWaste(d) {
  deps = d;
  deps.$('waste-button').onclick = () => openPanel();
}

/** From the welcome message. */
export function setCatalogue(menuItems, scaleIds) {
  items = menuItems || [];
  scales = scaleIds || [];
}

export function isOpen() {
  return open;
}

export function close() {
  open = false;
  step = null;
  entry = null;
  deps.$('waste').hidden = true;
}

export function openPanel() {
  open = true;
  entry = { wasteId: 'w-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 8) };
  deps.$('waste').hidden = false;
  showItems('');
}

function recent() {
  try { return JSON.parse(localStorage.getItem(RECENT_KEY)) || []; } catch (e) { return []; }
}

function remember(it) {
  const list = [it, ...recent().filter(r => r.sku !== it.sku || r.name !== it.name)].slice(0, 6);
  localStorage.setItem(RECENT_KEY, JSON.stringify(list));
}

function frame(title, ...parts) {
  const { $, el, T } = deps;
  const back = el('button', 'btn', T.back);
  back.onclick = close;
  $('waste').replaceChildren(el('h2', null, title), ...parts, back);
}

function numbered(list, label, pick) {
  const { el } = deps;
  shown = list.map(x => () => pick(x));
  const ol = el('ol');
  list.forEach((x, i) => {
    const li = el('li');
    li.dataset.choice = label(x);
    li.append(el('span', 'num', i < 9 ? String(i + 1) : ''), el('span', 'name', label(x)));
    li.onclick = () => pick(x);
    ol.append(li);
  });
  return ol;
}

function showItems(query) {
  const { el, T } = deps;
  step = 'item';
  const q = query.trim().toLowerCase();
  const found = q ? items.filter(i => i.name.toLowerCase().includes(q) || i.sku.toLowerCase().includes(q)).slice(0, 9) : recent().slice(0, 9);
  const list = found.length || !q ? found : [{ name: query.trim() }];
  const search = el('input');
  search.name = 'search';
  search.placeholder = T.wasteSearch;
  search.autocomplete = 'off';
  search.value = query;
  search.oninput = () => {
    const pos = search.selectionStart;
    showItems(search.value);
    const s = deps.$('waste').querySelector('input[name=search]');
    s.focus();
    s.setSelectionRange(pos, pos);
  };
  frame(T.wasteTitle, search, el('p', 'hint', q ? T.wastePickHint : T.wasteRecent), numbered(list, x => x.name, pickItem));
  search.focus();
}

function pickItem(it) {
  entry.name = it.name;
  if (it.sku) entry.sku = it.sku;
  showReasons();
}

function showReasons() {
  const { el, T } = deps;
  step = 'reason';
  frame(T.wasteReasonTitle(entry.name), numbered(REASONS, r => T.reasons[r], r => { entry.reason = r; showAmount(); }));
  deps.$('waste').querySelector('li').focus?.();
}

function showAmount(problem) {
  const { el, T } = deps;
  step = 'amount';
  const parts = [];
  if (problem) parts.push(el('p', 'refusal', problem));
  const weigh = numbered(scales, s => T.weighOn(s), s => send({ scale: s }));
  const form = el('form');
  const count = el('input');
  count.name = 'qty';
  count.inputMode = 'numeric';
  count.placeholder = T.wasteCount;
  const grams = el('input');
  grams.name = 'grams';
  grams.inputMode = 'decimal';
  grams.placeholder = T.wasteGrams;
  form.append(count, grams, el('button', 'btn primary', T.wasteLog));
  form.onsubmit = e => {
    e.preventDefault();
    const q = parseInt(count.value, 10);
    const g = parseFloat(grams.value.replace(',', '.'));
    if (!(q > 0) && !(g > 0)) return count.focus();
    send(Object.assign({}, q > 0 ? { qty: q } : {}, g > 0 ? { grams: g } : {}));
  };
  frame(T.wasteAmountTitle(entry.name, T.reasons[entry.reason]), ...parts, scales.length ? weigh : el('p', 'hint', T.noScale), form);
  if (!scales.length) count.focus();
  else deps.$('waste').focus();
}

function send(amount) {
  const { T } = deps;
  const body = Object.assign({ wasteId: entry.wasteId, name: entry.name, reason: entry.reason }, entry.sku ? { sku: entry.sku } : {}, amount);
  const done = entry;
  fetch('/api/v1/waste', {
    method: 'POST',
    headers: { 'Authorization': `Bearer ${deps.token()}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  }).then(r => r.json().then(j => ({ ok: r.ok, j }))).then(({ ok, j }) => {
    if (entry !== done) return;
    if (ok) {
      remember({ sku: done.sku, name: done.name });
      deps.toast(T.wasteLogged(j.grams != null ? `${j.grams} g` : `${j.qty}×`, j.name, T.reasons[j.reason]));
      close();
      return;
    }
    const code = j.error.code;
    // a refused weight logs nothing: weigh again (new id not needed: nothing was stored under this one)
    showAmount(T.scaleProblems[code] || T.refused(code, j.error.message));
  }).catch(() => { if (entry === done) showAmount(T.refused('OFFLINE', '')); });
}

/** Keys while the panel is open (the screen hands them all here). */
export function onKey(e) {
  if (e.key === 'Escape') {
    e.preventDefault();
    close();
    return;
  }
  const n = parseInt(e.key, 10);
  const typing = e.target.tagName === 'INPUT' && (e.target.name !== 'search' || step !== 'item');
  if (n >= 1 && n <= 9 && shown[n - 1] && !typing && !(e.target.tagName === 'INPUT' && e.target.value)) {
    e.preventDefault();
    shown[n - 1]();
  } else if (e.key === 'Enter' && step === 'item' && shown.length) {
    e.preventDefault();
    shown[0]();
  }
}
