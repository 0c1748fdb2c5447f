import { api, ApiError, renderHeader, session, showError } from './api.js';
import { t } from './i18n.js';

renderHeader();
// Only a path on this site: never send a fresh token's holder to another origin.
const requested = new URLSearchParams(location.search).get('next') ?? '/';
const next = requested.startsWith('/') && !requested.startsWith('//') ? requested : '/';

async function logIn(email, password, errorElement) {
  try {
    const { body } = await api('/api/v1/auth/login', { method: 'POST', body: { email, password } });
    session.save(body);
    location.assign(next);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      errorElement.textContent = t('login.failed');
      errorElement.hidden = false;
    } else {
      showError(errorElement, error);
    }
  }
}

document.getElementById('login').addEventListener('submit', event => {
  event.preventDefault();
  logIn(document.getElementById('email').value, document.getElementById('password').value, document.getElementById('error'));
});

document.getElementById('register').addEventListener('submit', async event => {
  event.preventDefault();
  const email = document.getElementById('new-email').value;
  const password = document.getElementById('new-password').value;
  const error = document.getElementById('register-error');
  try {
    await api('/api/v1/auth/register', { method: 'POST', body: { email, password, fullName: document.getElementById('full-name').value } });
    await logIn(email, password, error);
  } catch (e) {
    showError(error, e);
  }
});
