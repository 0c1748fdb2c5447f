import { api, escapeHtml, renderHeader, requireLogin, showError } from './api.js';
import { dateTime, money, t } from './i18n.js';

renderHeader();
requireLogin();
const error = document.getElementById('error');
let live = null;

async function listEvents() {
  const { body } = await api('/api/v1/organizer/events?pageSize=100');
  document.getElementById('events').innerHTML = body.events.map(e => `
    <tr data-event="${escapeHtml(e.eventId)}">
      <td><strong>${escapeHtml(e.name)}</strong><div class="muted">${escapeHtml(dateTime(e.startsAt, e.venue.timeZone))} · ${escapeHtml(e.venue.name)}</div></td>
      <td><span class="state ${e.status}">${t(`console.${e.status}`)}</span></td>
      <td>${e.status === 'draft' ? `<button data-publish="${escapeHtml(e.eventId)}">${t('console.publish')}</button>`
        : `<button class="secondary" data-live="${escapeHtml(e.eventId)}">${t('console.live')}</button>
           <a href="/gate.html?event=${encodeURIComponent(e.eventId)}">${t('nav.gate')}</a>`}</td>
    </tr>`).join('');
  for (const button of document.querySelectorAll('[data-publish]')) {
    button.addEventListener('click', async () => {
      button.disabled = true;
      try { await api(`/api/v1/organizer/events/${encodeURIComponent(button.dataset.publish)}/publish`, { method: 'POST' }); }
      catch (e) { showError(error, e); }
      await listEvents();
    });
  }
  for (const button of document.querySelectorAll('[data-live]')) {
    button.addEventListener('click', () => watch(button.dataset.live, button.closest('tr').querySelector('strong').textContent));
  }
}

// The on-sale live: one request every few seconds (Inventory's counts and the waitroom, read in parallel server-side).
async function watch(eventId, name) {
  live = eventId;
  document.getElementById('live').hidden = false;
  document.getElementById('live-name').textContent = name;
  const { body: current } = await api(`/api/v1/organizer/events/${encodeURIComponent(eventId)}`);
  document.getElementById('live-rate').value = current.admitPerSecond;
  document.getElementById('live-max').value = current.maxAdmitted;
  while (live === eventId) {
    try {
      const { body: sales } = await api(`/api/v1/organizer/events/${encodeURIComponent(eventId)}/sales`);
      document.getElementById('sold').textContent = sales.seatsSold;
      document.getElementById('revenue').textContent = money(sales.revenueVnd);
      document.getElementById('queue').textContent = sales.waitroom.queueLength;
      document.getElementById('admitted').textContent = `${sales.waitroom.admittedNow} / ${sales.waitroom.maxAdmitted}`;
      const admission = document.getElementById('admission');
      admission.textContent = t(sales.waitroom.paused ? 'console.paused' : 'console.running');
      admission.dataset.paused = sales.waitroom.paused;
      document.getElementById('sections').innerHTML = sales.sections.map(s => `<tr><td>${escapeHtml(s.name)}</td>
        <td class="number">${s.available}</td><td class="number">${s.held}</td><td class="number">${s.sold}</td><td class="number">${money(s.revenueVnd)}</td></tr>`).join('');
      document.getElementById('orders').textContent = Object.entries(sales.orders).map(([state, n]) => `${t(`order.state.${state === 'paid' ? 'confirmed' : state}`)} ${n}`).join(' · ');
    } catch (e) {
      showError(error, e);
    }
    await new Promise(resolve => setTimeout(resolve, 3000));
  }
}

for (const [id, paused] of [['pause', true], ['resume', false]]) {
  document.getElementById(id).addEventListener('click', async () => {
    try {
      const { body } = await api(`/api/v1/organizer/events/${encodeURIComponent(live)}/admission/${paused ? 'pause' : 'resume'}`, { method: 'POST' });
      const admission = document.getElementById('admission');
      admission.textContent = t(body.paused ? 'console.paused' : 'console.running');
      admission.dataset.paused = body.paused;
    } catch (e) {
      showError(error, e);
    }
  });
}

// Pacing during the on-sale: the event as it is, with the new rate and cap (they reach the waitroom at once).
document.getElementById('pacing').addEventListener('submit', async event => {
  event.preventDefault();
  try {
    const { body: current } = await api(`/api/v1/organizer/events/${encodeURIComponent(live)}`);
    await api(`/api/v1/organizer/events/${encodeURIComponent(live)}`, {
      method: 'PUT', body: {
        name: current.name, description: current.description, startsAt: current.startsAt, saleStartsAt: current.saleStartsAt,
        saleEndsAt: current.saleEndsAt, admitPerSecond: Number(document.getElementById('live-rate').value),
        maxAdmitted: Number(document.getElementById('live-max').value),
      },
    });
  } catch (e) {
    showError(error, e);
  }
});

// Who scans this event's tickets: accounts the admin gave the staff role, named here by e-mail (replaces the list).
document.getElementById('gate-staff').addEventListener('submit', async event => {
  event.preventDefault();
  const emails = document.getElementById('staff-emails').value.split(',').map(e => e.trim()).filter(Boolean);
  try {
    const { body } = await api(`/api/v1/organizer/events/${encodeURIComponent(live)}/gate-staff`, { method: 'PUT', body: { emails } });
    document.getElementById('staff-saved').textContent = t('console.staffSaved', { list: body.emails.join(', ') || '—' });
  } catch (e) {
    showError(error, e);
  }
});

/** "id; name; price; rows A,B; seats per row" for reserved seating, "id; name; price; ; ; capacity" for standing. */
function parseSections(text) {
  return text.split('\n').map(line => line.trim()).filter(Boolean).map(line => {
    const [sectionId, name, price, rows, seatsPerRow, gaCapacity] = line.split(';').map(part => part?.trim() ?? '');
    const list = rows ? rows.split(',').map(r => r.trim()).filter(Boolean) : [];
    return { sectionId, name, priceVnd: Number(price), rows: list.length ? list : null, seatsPerRow: Number(seatsPerRow) || null, gaCapacity: Number(gaCapacity) || null };
  });
}

const iso = id => new Date(document.getElementById(id).value).toISOString();
document.getElementById('create').addEventListener('submit', async event => {
  event.preventDefault();
  error.hidden = true;
  try {
    const { body: venue } = await api('/api/v1/organizer/venues', {
      method: 'POST', body: { name: document.getElementById('venue').value, address: document.getElementById('address').value, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone },
    });
    await api('/api/v1/organizer/events', {
      method: 'POST', body: {
        venueId: venue.venueId, name: document.getElementById('name').value, description: document.getElementById('description').value,
        startsAt: iso('starts'), saleStartsAt: iso('sale-starts'), saleEndsAt: iso('sale-ends'),
        sections: parseSections(document.getElementById('sections-text').value),
        admitPerSecond: Number(document.getElementById('admit-rate').value), maxAdmitted: Number(document.getElementById('max-admitted').value),
        fairStart: document.getElementById('fair-start').value,
      },
    });
    event.target.reset();
    await listEvents();
  } catch (e) {
    showError(error, e);
  }
});

try {
  await listEvents();
} catch (e) {
  showError(error, e);
}
