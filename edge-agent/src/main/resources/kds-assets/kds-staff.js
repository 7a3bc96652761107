// Who cooks at this station: the header shows the cook signed in here; the `staff` key
// (`p` by default) or a touch on it opens the sign-in panel: staff id and PIN, typed or from a badge
// reader that types like a keyboard (id, Tab, PIN, Enter; or `id;PIN` then Enter into the id field).
// Signing in is never required: with nobody signed in the screen works as always.
let deps = null;                // {$, el, T, token, toast, station}
let signedIn = null;            // {staffId, name, since} at this station, or null
let open = false;

export function initStaff(d) {
  deps = d;
  deps.$('who').onclick = () => openPanel();
}

export function isOpen() {
  return open;
}

/** A `staff` message: who is signed in at every station. */
export function onStaff(m) {
  signedIn = (m.signedIn || []).find(s => s.station === deps.station) || null;
  render();
  if (open) openPanel();
}

export function render() {
  const { $, T } = deps;
  if (!T) return;
  $('who').textContent = signedIn ? T.cookIs(signedIn.name) : T.signIn;
  $('waste-button').textContent = T.wasteButton;
  $('who').classList.toggle('on', !!signedIn);
}

export function close() {
  open = false;
  deps.$('staff').hidden = true;
}

function call(method, body) {
  return fetch(`/api/v1/stations/${encodeURIComponent(deps.station)}/staff`, {
    method, body: body ? JSON.stringify(body) : undefined,
    headers: { 'Authorization': `Bearer ${deps.token()}`, 'Content-Type': 'application/json' },
  }).then(r => r.json().catch(() => ({})).then(j => ({ ok: r.ok, j })));
}

export function openPanel() {
  const { $, el, T } = deps;
  open = true;
  const box = $('staff');
  box.hidden = false;
  const close_ = el('button', 'btn', T.back);
  close_.onclick = close;
  if (signedIn) {
    const out = el('button', 'btn primary', T.signOut);
    out.onclick = () => call('DELETE').then(({ ok, j }) => ok ? close() : deps.toast(T.refused(j.error.code, j.error.message)))
      .catch(() => deps.toast(T.refused('OFFLINE', '')));
    box.replaceChildren(el('h2', null, T.signedInAs(signedIn.name)), out, close_);
    out.focus();
    return;
  }
  const form = el('form');
  const id = el('input');
  id.name = 'staffId';
  id.autocomplete = 'off';
  id.placeholder = T.staffId;
  const pin = el('input');
  pin.name = 'pin';
  pin.type = 'password';
  pin.inputMode = 'numeric';
  pin.autocomplete = 'off';
  pin.placeholder = T.pin;
  const msg = el('p', 'refusal');
  form.append(id, pin, el('button', 'btn primary', T.signIn));
  form.onsubmit = e => {
    e.preventDefault();
    let staffId = id.value.trim();
    let p = pin.value.trim();
    if (!p && staffId.includes(';')) [staffId, p] = staffId.split(';', 2).map(s => s.trim()); // a badge without Tab
    if (!staffId) return id.focus();
    if (!p) return pin.focus();
    call('POST', { staffId, pin: p }).then(({ ok, j }) => {
      if (ok) return close();
      id.value = ''; // ready for the next scan of a badge, or typing again
      pin.value = '';
      msg.textContent = j.error.code === 'WRONG_PIN' ? T.wrongPin : j.error.code === 'STAFF_LOCKED' ? T.locked(j.error.details?.retryAfterSeconds)
        : T.refused(j.error.code, j.error.message);
      id.focus();
    }).catch(() => { msg.textContent = T.refused('OFFLINE', ''); });
  };
  box.replaceChildren(el('h2', null, T.signInTitle), form, msg, el('p', 'hint', T.signInHint), close_);
  id.focus();
}

/** Keys while the panel is open: Escape closes; the form takes the rest. */
export function onKey(e) {
  if (e.key === 'Escape') {
    e.preventDefault();
    close();
  }
}
