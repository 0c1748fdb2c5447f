import { api, ApiError, escapeHtml, openStream, renderHeader, requireLogin, session, showError } from './api.js';
import { dateTime, money, t } from './i18n.js';
import { drawSeatMap } from './seatmap.js';

renderHeader();
const eventId = new URLSearchParams(location.search).get('id');
const purchaseKey = `purchase:${eventId}`;
const [{ body: event }, { body: availability }, { body: taken }] = await Promise.all([
  api(`/api/v1/events/${encodeURIComponent(eventId)}`),
  api(`/api/v1/events/${encodeURIComponent(eventId)}/availability`),
  api(`/api/v1/events/${encodeURIComponent(eventId)}/seats/taken`),
]);
document.title = `${event.name} · TicketBottle`;
document.getElementById('name').textContent = event.name;
document.getElementById('when').textContent = `${dateTime(event.startsAt, event.venue.timeZone)} · ${event.venue.name}, ${event.venue.address}`;
document.getElementById('description').textContent = event.description;
document.getElementById('fair-start').hidden = event.fairStart !== 'draw';

const selected = new Set();
const sectionSelect = document.getElementById('section');
const quantity = document.getElementById('quantity');
sectionSelect.innerHTML = availability.sections.map(s =>
  `<option value="${escapeHtml(s.sectionId)}">${escapeHtml(s.name)} · ${money(s.priceVnd)} · ${s.available} ${t('event.available')}</option>`).join('');
const mark = drawSeatMap(document.getElementById('seatmap'), event.sections, new Set(taken.seatIds), t('event.stage'), id => {
  selected.has(id) ? selected.delete(id) : selected.add(id);
  quantity.value = 0;
  showSelection();
});
quantity.addEventListener('input', () => { selected.clear(); showSelection(); });

function showSelection() {
  mark(selected);
  const count = Number(quantity.value);
  document.getElementById('selected').textContent = selected.size > 0 ? [...selected].join(', ')
    : count > 0 ? `${count} × ${sectionSelect.selectedOptions[0].textContent.split(' · ')[0]} (${t('event.bestAvailable')})` : '—';
}

document.getElementById('buy').addEventListener('click', () => {
  const count = Number(quantity.value);
  if (selected.size === 0 && count <= 0) {
    const error = document.getElementById('error');
    error.textContent = t('event.chooseFirst');
    error.hidden = false;
    return;
  }
  const selection = selected.size > 0 ? { seatIds: [...selected] } : { sectionId: sectionSelect.value, quantity: count };
  // One purchase, one Idempotency-Key: a reload or a retried request is the same order, never a second one.
  sessionStorage.setItem(purchaseKey, JSON.stringify({ ...selection, paymentProvider: document.getElementById('provider').value, key: crypto.randomUUID() }));
  if (requireLogin()) queue();
});

// Samples of (time, position) for the estimate: the pace the queue actually moves at, not a promise.
const samples = [];
function estimate(position) {
  samples.push({ at: Date.now(), position });
  while (samples.length > 2 && samples[0].at < Date.now() - 60_000) samples.shift();
  const first = samples[0], moved = first.position - position, seconds = (Date.now() - first.at) / 1000;
  if (moved <= 0 || seconds < 2) return t('waitroom.calculating');
  const wait = position / (moved / seconds);
  return wait < 60 ? t('waitroom.seconds') : t('waitroom.minutes', { n: Math.ceil(wait / 60) });
}

async function queue() {
  document.getElementById('choose').hidden = true;
  document.getElementById('waitroom').hidden = false;
  const streamState = document.getElementById('stream-state');
  try {
    // Joining again keeps the place, so a busy answer is simply tried again.
    const { body: joined } = await api(`/api/v1/events/${encodeURIComponent(eventId)}/waitroom`, {
      method: 'POST', repeatable: true, onBusy: seconds => { streamState.textContent = t('busy.retrying', { n: seconds }); },
    });
    streamState.textContent = '';
    if (joined.state === 'admitted') return buy(joined.admissionToken);
    if (joined.state === 'awaiting_draw') showDraw(joined);
  } catch (error) {
    return showError(streamState, error);
  }
  const close = openStream(`/api/v1/events/${encodeURIComponent(eventId)}/waitroom/stream`, message => {
    document.getElementById('draw').hidden = message.state !== 'awaiting_draw';
    if (message.state === 'awaiting_draw') {
      showDraw(message);
    } else if (message.state === 'waiting') {
      document.getElementById('position').textContent = message.position;
      document.getElementById('eta').textContent = estimate(message.position);
    } else if (message.state === 'admitted') {
      close();
      buy(message.admissionToken);
    } else if (message.state === 'removed') {
      close();
      queue();
    } else if (message.state === 'replaced') {
      close();
    }
  }, state => { streamState.textContent = state === 'reconnecting' ? t('waitroom.reconnecting') : ''; });
}

// Before a fair start's draw there is no place yet: the entry, and when the draw is (the stream reconnects after it).
function showDraw(status) {
  const draw = document.getElementById('draw');
  draw.hidden = false;
  draw.textContent = t('waitroom.draw', { entry: status.drawEntry, time: dateTime(status.drawAt, event.venue.timeZone) });
  document.getElementById('position').textContent = '—';
}

async function buy(admissionToken) {
  document.getElementById('stream-state').textContent = t('waitroom.admitted');
  const purchase = JSON.parse(sessionStorage.getItem(purchaseKey));
  const { key, ...selection } = purchase;
  try {
    const { status, body } = await api('/api/v1/orders', {
      method: 'POST', body: { eventId, ...selection }, headers: { 'Idempotency-Key': key, 'X-Admission-Token': admissionToken }, allow: [409],
      onBusy: seconds => { document.getElementById('stream-state').textContent = t('busy.retrying', { n: seconds }); },
    });
    if (status === 409 && body.openOrderId) return location.assign(`/orders/${body.openOrderId}`);
    if (status === 409) throw new ApiError(status, body);
    sessionStorage.removeItem(purchaseKey);
    location.assign(body.payment?.checkoutUrl ?? `/orders/${body.orderId}`);
  } catch (error) {
    document.getElementById('choose').hidden = false;
    showError(document.getElementById('error'), error);
  }
}

// Back on the page with a purchase under way (a reload, a closed tab): keep the place in the queue.
if (sessionStorage.getItem(purchaseKey) && session.token) queue();
