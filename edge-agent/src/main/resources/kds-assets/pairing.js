// Pairing, shared by the kitchen screens and the ready board: a page opened once with ?token= keeps the
// token in localStorage under `key` and drops it from the address bar (and from the history).
export function pairFromUrl(key) {
  const url = new URL(location.href);
  const token = url.searchParams.get('token');
  if (token) {
    localStorage.setItem(key, token);
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + url.search);
  }
  return localStorage.getItem(key);
}

/** The pairing form in `box`: `texts` {title, body, refused?, button}; `onToken(token)` when one is typed. */
export function pairingForm(box, texts, onToken) {
  const make = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  };
  const form = make('form');
  const input = make('input');
  input.type = 'password';
  input.name = 'token';
  input.autocomplete = 'off';
  form.append(input, make('button', 'btn', texts.button));
  form.onsubmit = e => {
    e.preventDefault();
    if (input.value.trim()) onToken(input.value.trim());
  };
  const parts = [make('h1', null, texts.title)];
  if (texts.refused) parts.push(make('p', 'refused', texts.refused));
  if (texts.body) parts.push(make('p', null, texts.body));
  parts.push(form);
  box.replaceChildren(...parts);
  box.hidden = false;
}
