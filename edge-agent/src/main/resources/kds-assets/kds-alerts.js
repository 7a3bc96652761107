// Outlet-wide news on every kitchen screen: open alerts (food safety, printers, tickets nobody saw) as a
// banner a cook can acknowledge, and the kitchen load in the header.
import { el } from './kds-card.js';

export function renderLoad(box, T, m) {
  box.textContent = T.load(m.level, m.quoteMinutes);
  box.className = 'load load-' + m.level;
  box.dataset.level = m.level;
}

/** `ack(alertId)` acknowledges one (the screen knows its token and name). */
export function renderAlerts(box, T, alerts, ack) {
  box.replaceChildren(...alerts.map(a => {
    const row = el('div', 'alert');
    row.dataset.severity = a.severity;
    row.dataset.alertId = a.alertId;
    row.append(el('span', 'msg', a.message));
    if (a.acknowledgedAt) {
      row.append(el('span', 'acked', T.alertAcked(a.acknowledgedBy)));
    } else {
      const b = el('button', null, T.acknowledge);
      b.onclick = () => ack(a.alertId);
      row.append(b);
    }
    return row;
  }));
  box.hidden = alerts.length === 0;
}

/** Acknowledges an alert as this screen (`KDS <station>`); a refusal is shown as a toast. */
export function acknowledge(alertId, token, station, toast, T) {
  fetch(`/api/v1/alerts/${encodeURIComponent(alertId)}/ack`, {
    method: 'POST',
    headers: { 'Authorization': `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ by: `KDS ${station}` }),
  }).then(r => { if (!r.ok) toast(T.refused(String(r.status), '')); }).catch(() => toast(T.refused('OFFLINE', '')));
}
