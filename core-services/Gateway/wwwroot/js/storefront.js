import { api, escapeHtml, renderHeader } from './api.js';
import { dateTime, money, t } from './i18n.js';

renderHeader();
const { body: page } = await api('/api/v1/events?pageSize=50');
document.getElementById('none').hidden = page.events.length > 0;
document.getElementById('events').innerHTML = page.events.map(e => `
  <a class="card event" href="/event.html?id=${encodeURIComponent(e.eventId)}">
    <strong>${escapeHtml(e.name)}</strong>
    <div class="muted">${escapeHtml(dateTime(e.startsAt, e.venue.timeZone))} · ${escapeHtml(e.venue.name)}</div>
    <div>${t('events.from')} ${money(Math.min(...e.sections.map(s => s.priceVnd)))}</div>
  </a>`).join('');
