// Recipe cards on a kitchen screen: the selected line's card (the `recipe` key, `i` by
// default, or the book on the line) opens full screen in large type, readable from 2 m: ingredients
// with quantities, steps, allergens, and the plating photo the agent cached. Escape (or touch) closes.
let deps = null;                // {$, el, T, token, toast}
let skus = new Set();
let open = false;
let photoUrl = null;

export function initRecipes(d) {
  deps = d;
}

/** The skus that have a card (from the welcome message). */
export function setRecipes(list) {
  skus = new Set(list || []);
}

export function hasRecipe(line) {
  return !!(line && line.sku && skus.has(line.sku));
}

export function isOpen() {
  return open;
}

export function close() {
  open = false;
  deps.$('recipe').hidden = true;
  if (photoUrl) URL.revokeObjectURL(photoUrl);
  photoUrl = null;
}

function api(path) {
  return fetch(path, { headers: { 'Authorization': `Bearer ${deps.token()}` } });
}

export function show(line) {
  const { $, el, T } = deps;
  if (!hasRecipe(line)) {
    deps.toast(T.noRecipe);
    return;
  }
  open = true;
  const box = $('recipe');
  box.replaceChildren(el('h1', null, line.name));
  box.hidden = false;
  api(`/api/v1/menu/recipes/${encodeURIComponent(line.sku)}`).then(r => r.ok ? r.json() : Promise.reject(r.status)).then(card => {
    if (!open) return;
    const head = el('h1', null, card.name);
    const parts = [head];
    if (card.allergens && card.allergens.length) parts.push(el('div', 'allergens', '⚠ ' + card.allergens.join(', ')));
    const body = el('div', 'recipe-body');
    const left = el('section', 'recipe-text');
    const ing = el('ul', 'ingredients');
    for (const i of card.ingredients) {
      const li = el('li');
      li.append(el('span', 'qty', i.qty || ''), el('span', 'name', i.name));
      ing.append(li);
    }
    const steps = el('ol', 'steps');
    for (const s of card.steps) steps.append(el('li', null, s));
    left.append(el('h2', null, T.ingredients), ing, el('h2', null, T.steps), steps);
    body.append(left);
    if (card.photo) {
      const img = el('img', 'photo');
      img.alt = card.name;
      body.append(img);
      api(`/api/v1/menu/recipes/${encodeURIComponent(card.sku)}/photo`).then(r => r.ok ? r.blob() : Promise.reject(r.status)).then(b => {
        if (!open) return;
        photoUrl = URL.createObjectURL(b);
        img.src = photoUrl;
      }).catch(() => img.remove());
    }
    parts.push(body);
    const back = el('button', 'btn', T.back);
    back.onclick = close;
    parts.push(back);
    box.replaceChildren(...parts);
  }).catch(code => {
    close();
    deps.toast(deps.T.refused(String(code), deps.T.noRecipe));
  });
}
