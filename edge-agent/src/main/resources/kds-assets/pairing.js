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
