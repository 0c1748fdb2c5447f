import { api, escapeHtml, renderHeader, requireLogin } from './api.js';
import { dateTime, money, t } from './i18n.js';

renderHeader();
const list = document.getElementById('orders');
const more = document.getElementById('more');
let next = null;

async function load() {
  const { body: page } = await api(`/api/v1/orders?pageSize=20${next ? `&pageToken=${encodeURIComponent(next)}` : ''}`);
  list.insertAdjacentHTML('beforeend', page.orders.map(o => `
    <a class="card order" href="/orders/${encodeURIComponent(o.orderId)}">
      <strong>${escapeHtml(o.event.name)}</strong> <span class="state ${o.state}">${t(`order.state.${o.state}`)}</span>
      <div class="muted">${escapeHtml(dateTime(o.event.startsAt, o.event.timeZone))} · ${o.tickets.length} × · ${money(o.totalVnd)}</div>
    </a>`).join(''));
  document.getElementById('none').hidden = list.children.length > 0;
  next = page.nextPageToken;
  more.hidden = !next;
}

more.addEventListener('click', load);
if (requireLogin()) await load();
