import { api, escapeHtml, renderHeader, requireLogin, session, showError } from './api.js';
import { dateTime, money, t } from './i18n.js';

renderHeader();
// /orders/{id}: where the payment provider sends the customer back.
const orderId = decodeURIComponent(location.pathname.split('/').pop());
const finalStates = ['confirmed', 'cancelled', 'expired'];

async function refresh() {
  const { body: order } = await api(`/api/v1/orders/${encodeURIComponent(orderId)}`);
  const state = document.getElementById('state');
  state.textContent = t(`order.state.${order.state}`);
  state.className = `state ${order.state}`;
  state.dataset.state = order.state;
  document.getElementById('event').textContent = order.event.name;
  document.getElementById('when').textContent = `${dateTime(order.event.startsAt, order.event.timeZone)} · ${order.event.venueName}`;
  document.getElementById('tickets').innerHTML = order.tickets.map(ticket =>
    `<tr><td>${escapeHtml(ticket.sectionName)}</td><td>${escapeHtml(ticket.row)}</td><td>${ticket.seatNumber || ''}</td><td class="number">${money(ticket.priceVnd)}</td></tr>`).join('');
  document.getElementById('total').textContent = money(order.totalVnd);
  const pay = document.getElementById('pay');
  pay.hidden = order.state !== 'awaiting_payment' || !order.payment?.checkoutUrl;
  if (!pay.hidden) pay.href = order.payment.checkoutUrl;
  document.getElementById('download').hidden = order.state !== 'confirmed';
  document.getElementById('mailed').hidden = order.state !== 'confirmed';
  return order;
}

// The PDF route (the PdfGenerator function) checks the same access token; it answers where the PDF is for a while.
document.getElementById('download').addEventListener('click', async () => {
  try {
    const { body: order } = await api(`/api/v1/orders/${encodeURIComponent(orderId)}`);
    const response = await fetch(order.ticketsUrl, { headers: { Authorization: `Bearer ${session.token}`, Accept: 'application/json' } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    location.assign((await response.json()).url);
  } catch (error) {
    showError(document.getElementById('error'), error);
  }
});

if (requireLogin()) {
  // Poll until the order settles (the provider's webhook confirms it a moment after the redirect back).
  for (let order = await refresh(); !finalStates.includes(order.state); order = await refresh()) {
    await new Promise(resolve => setTimeout(resolve, 2000));
  }
}
