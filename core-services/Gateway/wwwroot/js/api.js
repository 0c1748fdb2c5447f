// The Gateway's JSON API from the browser: the access token kept in localStorage, problems turned into errors.
import { t, translatePage } from './i18n.js';

export const session = {
  get token() { return localStorage.getItem('accessToken'); },
  get user() { return JSON.parse(localStorage.getItem('user') ?? 'null'); },
  save(login) {
    localStorage.setItem('accessToken', login.accessToken);
    localStorage.setItem('user', JSON.stringify(login.user));
  },
  clear() { localStorage.removeItem('accessToken'); localStorage.removeItem('user'); },
  has(role) { return this.user?.roles?.includes(role) || this.user?.roles?.includes('admin'); },
};

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.detail ?? body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

// A busy Gateway (503) or a caller over its rate (429) names when to come back; a request that is safe to repeat (a
// read, one with an Idempotency-Key, or one the caller marks `repeatable`) waits that long and goes again, so a
// customer in an on-sale rush is not shown "busy" for what the page can ride out.
const busyRetries = 10;

export async function api(path, { method = 'GET', body, headers = {}, allow = [], repeatable = false, onBusy = () => {} } = {}) {
  const canRepeat = repeatable || method === 'GET' || 'Idempotency-Key' in headers;
  for (let attempt = 1; ; attempt++) {
    const response = await send(path, method, body, headers);
    const wait = Number(response.headers.get('Retry-After'));
    if (canRepeat && attempt < busyRetries && (response.status === 503 || response.status === 429) && wait > 0) {
      onBusy(wait);
      await new Promise(resolve => setTimeout(resolve, wait * 1000));
      continue;
    }
    return answer(path, response, allow);
  }
}

function send(path, method, body, headers) {
  return fetch(path, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(session.token ? { Authorization: `Bearer ${session.token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function answer(path, response, allow) {
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : null;
  if (response.status === 401 && !path.startsWith('/api/v1/auth/')) {
    session.clear();
    location.assign(`/login.html?next=${encodeURIComponent(location.pathname + location.search)}`);
    throw new ApiError(401, parsed);
  }
  if (!response.ok && !allow.includes(response.status)) throw new ApiError(response.status, parsed);
  return { status: response.status, body: parsed };
}

/** Sends the visitor to log in first (and back here after). */
export function requireLogin() {
  if (!session.token) location.assign(`/login.html?next=${encodeURIComponent(location.pathname + location.search)}`);
  return Boolean(session.token);
}

/**
 * Server-sent events over fetch (EventSource cannot send the Authorization header): calls onMessage with each
 * event's parsed data; reconnects like EventSource after a drop, waiting the server's retry hint.
 */
export function openStream(path, onMessage, onState = () => {}) {
  const controller = new AbortController();
  let retry = 1000;
  (async () => {
    while (!controller.signal.aborted) {
      try {
        const response = await fetch(path, { headers: { Accept: 'text/event-stream', Authorization: `Bearer ${session.token}` }, signal: controller.signal });
        if (!response.ok) throw new ApiError(response.status, null);
        onState('open');
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split('\n').filter(l => l.startsWith('data:')).map(l => l.slice(5).trimStart()).join('\n');
            const hint = block.split('\n').find(l => l.startsWith('retry:'));
            if (hint) retry = Number(hint.slice(6)) || retry;
            if (data) onMessage(JSON.parse(data));
          }
        }
      } catch (error) {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && error.status === 401) { session.clear(); return onState('unauthorized'); }
      }
      onState('reconnecting');
      await new Promise(resolve => setTimeout(resolve, retry));
    }
  })();
  return () => controller.abort();
}

/** The header every page shares: links by role, log in/out, the language switch. */
export function renderHeader() {
  const user = session.user;
  const links = [`<a href="/" data-i18n="nav.events"></a>`];
  if (user) links.push(`<a href="/orders.html" data-i18n="order.mine"></a>`);
  if (session.has('organizer')) links.push(`<a href="/console.html" data-i18n="nav.console"></a>`);
  if (session.has('staff') || session.has('organizer')) links.push(`<a href="/gate.html" data-i18n="nav.gate"></a>`);
  links.push(user ? `<button id="logout" class="link" data-i18n="nav.logout"></button>` : `<a href="/login.html" data-i18n="nav.login"></a>`);
  links.push(`<button id="lang" class="link" data-i18n="lang.switch"></button>`);
  document.querySelector('header').innerHTML = `<a class="brand" href="/"><span data-i18n="app.name"></span></a><nav>${links.join('')}</nav>`;
  document.getElementById('logout')?.addEventListener('click', () => { session.clear(); location.assign('/'); });
  translatePage();
}

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** The server's explanation when it gave one: each field's messages of a 400, or the problem's detail. */
export function showError(element, error) {
  const body = error instanceof ApiError ? error.body : null;
  element.textContent = body?.errors
    ? Object.entries(body.errors).map(([field, messages]) => `${field}: ${messages.join(' ')}`).join(' · ')
    : body?.detail ?? t('error.generic');
  element.hidden = false;
}
