import { api, ApiError, escapeHtml, renderHeader, requireLogin, showError } from './api.js';
import { dateTime, t } from './i18n.js';

renderHeader();
requireLogin();
const eventSelect = document.getElementById('event');
const gateInput = document.getElementById('gate');
const { body: page } = await api('/api/v1/events?pageSize=100');
eventSelect.innerHTML = page.events.map(e => `<option value="${escapeHtml(e.eventId)}">${escapeHtml(e.name)}</option>`).join('');
const chosen = new URLSearchParams(location.search).get('event');
if (chosen) eventSelect.value = chosen;

// Offline: the downloaded list (fingerprints of valid tokens) and the scans waiting to be uploaded, per event.
const listKey = () => `checkin-list:${eventSelect.value}`;
const pendingKey = () => `checkin-pending:${eventSelect.value}`;
const load = (key, fallback) => JSON.parse(localStorage.getItem(key) ?? JSON.stringify(fallback));

function showListState() {
  const list = load(listKey(), null);
  document.getElementById('list-state').textContent = [list ? t('gate.listReady', { n: list.tickets.length }) : '',
    t('gate.pending', { n: load(pendingKey(), []).length })].filter(Boolean).join(' · ');
}
eventSelect.addEventListener('change', showListState);
showListState();

function show(result) {
  const box = document.getElementById('result');
  box.hidden = false;
  box.dataset.result = result.result;
  box.className = `result ${result.result === 'admitted' ? 'admitted' : result.result === 'already_used' ? 'warn' : 'refused'}`;
  document.getElementById('verdict').textContent = t(`gate.result.${result.result}`);
  // Standing places have no row and seat.
  const seat = [result.sectionName, result.row, result.row ? result.seatNumber : ''].filter(Boolean).join(' · ');
  const used = result.result === 'already_used' ? t('gate.usedAt', { time: dateTime(result.firstScannedAt), gate: result.firstGate }) : '';
  document.getElementById('detail').textContent = [seat, used].filter(Boolean).join(' — ');
}

async function fingerprint(token) {
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token)));
  return btoa(String.fromCharCode(...hash)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Without the network: the list decides, this scanner's own earlier scans count, the upload settles the rest. */
async function scanOffline(token) {
  const list = load(listKey(), null);
  const print = await fingerprint(token);
  const ticket = list?.tickets.find(e => e.tokenFingerprint === print);
  if (!ticket) return show({ result: 'unknown_ticket' });
  const pending = load(pendingKey(), []);
  const earlier = ticket.checkedInAt ? { at: ticket.checkedInAt, gate: ticket.checkedInGate }
    : pending.filter(p => p.fingerprint === print).map(p => ({ at: p.scannedAt, gate: gateInput.value }))[0];
  const seat = { sectionName: ticket.sectionName, row: ticket.row, seatNumber: ticket.seatNumber };
  if (earlier) return show({ result: 'already_used', firstScannedAt: earlier.at, firstGate: earlier.gate, ...seat });
  pending.push({ token, fingerprint: print, scannedAt: new Date().toISOString() });
  localStorage.setItem(pendingKey(), JSON.stringify(pending));
  show({ result: 'admitted', ...seat });
  showListState();
}

document.getElementById('scan').addEventListener('submit', async event => {
  event.preventDefault();
  const tokenInput = document.getElementById('token');
  const token = tokenInput.value.trim();
  tokenInput.value = '';
  tokenInput.focus();
  if (!token) return;
  document.getElementById('error').hidden = true;
  if (document.getElementById('offline').checked) return scanOffline(token);
  try {
    const { body } = await api('/api/v1/checkin', {
      method: 'POST', body: { eventId: eventSelect.value, gate: gateInput.value, token }, allow: [404, 409],
    });
    show(body);
  } catch (error) {
    // No answer at all: the network is gone; the downloaded list takes over.
    if (!(error instanceof ApiError) && load(listKey(), null)) return scanOffline(token);
    showError(document.getElementById('error'), error);
  }
});

document.getElementById('download').addEventListener('click', async () => {
  try {
    const { body } = await api(`/api/v1/checkin/${encodeURIComponent(eventSelect.value)}/list`);
    localStorage.setItem(listKey(), JSON.stringify(body));
    showListState();
  } catch (error) {
    showError(document.getElementById('error'), error);
  }
});

document.getElementById('sync').addEventListener('click', async () => {
  const pending = load(pendingKey(), []);
  if (pending.length === 0) return;
  try {
    await api('/api/v1/checkin/sync', {
      method: 'POST', body: { eventId: eventSelect.value, gate: gateInput.value, scans: pending.map(p => ({ token: p.token, scannedAt: p.scannedAt })) },
    });
    localStorage.removeItem(pendingKey());
    showListState();
  } catch (error) {
    showError(document.getElementById('error'), error);
  }
});
