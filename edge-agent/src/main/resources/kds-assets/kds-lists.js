// The side of a kitchen screen: the all-day counts, the key help, and each card's age and colour.
import * as core from './kds-core.js';
import { el } from './kds-card.js';

export function renderAllDay(box, T, tickets) {
  const ul = el('ul');
  for (const c of core.allDay(tickets)) {
    const li = el('li');
    li.append(el('span', 'qty', String(c.qty)), el('span', 'name', c.name));
    if (c.held) li.append(el('span', 'held-count', `(${c.held} ${T.held})`));
    ul.append(li);
  }
  box.replaceChildren(el('h2', null, T.allDay), ul);
}

export function renderKeyHelp(box, T, keys) {
  const parts = [T.select];
  for (const [command, key] of Object.entries(keys)) {
    if (command === 'lineUp') continue;
    parts.push(`${key}: ${T.keyHelp[command]}`);
  }
  box.textContent = parts.join('   ');
}

/** A card's age text and colour class, written only when they change (cheap enough to run every second). */
export function updateAge(entry, ticket, now, station) {
  const age = core.ageSeconds(ticket, now);
  const text = core.formatAge(age);
  if (entry.age === text) return;
  entry.age = text;
  entry.node.querySelector('.age').textContent = text;
  const cls = core.ageClass(age, station.amberAfter, station.redAfter);
  if (entry.node.dataset.age !== cls) {
    entry.node.classList.remove('age-fresh', 'age-amber', 'age-red');
    entry.node.classList.add('age-' + cls);
    entry.node.dataset.age = cls;
  }
}
