// The screen's panels over the tickets (86 board, recipe card, waste, sign-in): built once, told the
// welcome and the outlet-wide messages, and given the keys while one is open.
import * as menu from './kds-menu.js';
import * as recipes from './kds-recipe.js';
import * as waste from './kds-waste.js';
import * as staff from './kds-staff.js';

export { menu, recipes, waste, staff };

/** deps: {$, el, T (getter), token, toast, station}. */
export function initPanels(deps) {
  menu.initMenu({ $: deps.$, el: deps.el, T: deps.T, token: deps.token, toast: deps.toast });
  recipes.initRecipes(deps);
  waste.initWaste(deps);
  staff.initStaff(deps);
}

export function onWelcome(m, T) {
  menu.setTexts(T);
  recipes.setRecipes(m.recipes);
  waste.setCatalogue(m.menuItems, m.scales);
  staff.render();
}

/** Outlet-wide messages the panels show; true when handled. */
export function onMessage(m) {
  switch (m.type) {
    case 'menu': menu.onMenu(m); return true;
    case 'staff': staff.onStaff(m); return true;
    default: return false;
  }
}

/** A key while a panel may be open: true when a panel took it (the tickets must not). */
export function onKey(e, k) {
  if (waste.isOpen()) { waste.onKey(e); return true; }
  if (staff.isOpen()) { staff.onKey(e); return true; }
  if (e.target.tagName === 'INPUT' || !k) return false;
  if (recipes.isOpen()) {
    e.preventDefault();
    if (k.command === 'back' || k.command === 'recipe') recipes.close();
    return true;
  }
  if (menu.isOpen()) {
    e.preventDefault();
    if (k.select) menu.choose(k.select);
    else if (k.command === 'back' || k.command === 'soldOut') menu.closePanel();
    return true;
  }
  if (k.command === 'waste') { e.preventDefault(); waste.openPanel(); return true; }
  if (k.command === 'staff') { e.preventDefault(); staff.openPanel(); return true; }
  return false;
}
