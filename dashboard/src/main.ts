import { api, setCsrfToken, whenSignedOut } from './api';
import { h } from './dom';
import { createContext, type AppContext, type View } from './context';
import { renderLogin } from './login-view';
import { toggleHelp } from './help';
import { mountQueue } from './queue-view';
import { mountItemPage } from './item-page';
import { mountStats } from './stats-view';
import { mountAudit } from './audit-view';
import { mountSites } from './sites-view';
import { mountPeople } from './people-view';
import type { Directory, SessionInfo } from './types';

const root = document.getElementById('app')!;
let ctx: AppContext | null = null;
let view: View | null = null;
let pendingG = false;

const ROUTES: Array<{ path: string; label: string; admin?: boolean }> = [
  { path: 'queue', label: 'Queue' },
  { path: 'stats', label: 'Stats' },
  { path: 'audit', label: 'Audit' },
  { path: 'sites', label: 'Sites', admin: true },
  { path: 'people', label: 'People', admin: true },
];

function showLogin(notice: string | null = null): void {
  view?.unmount?.();
  view = null;
  ctx = null;
  setCsrfToken(null);
  renderLogin(root, notice, (session) => void start(session));
}

async function signOut(): Promise<void> {
  view?.unmount?.();
  view = null;
  await api('DELETE', '/v1/session').catch(() => undefined);
  showLogin('Signed out.');
}

async function start(session: SessionInfo): Promise<void> {
  setCsrfToken(session.csrfToken);
  const directory = await api<Directory>('GET', '/v1/review/directory');
  ctx = createContext(session.moderator, directory);
  route();
}

/** Renders the page for the location's hash: #/queue, #/item/<id>, #/stats, #/audit, #/sites, #/people. */
function route(): void {
  if (!ctx) return;
  view?.unmount?.();
  const [path = 'queue', arg] = location.hash.replace(/^#\/?/, '').split('/');
  const allowed = ROUTES.find((r) => r.path === path && (!r.admin || ctx!.isAdmin));
  const main = h('main', { class: 'content' });
  const nav = h(
    'nav',
    { 'aria-label': 'Sections' },
    ROUTES.filter((r) => !r.admin || ctx!.isAdmin).map((r) =>
      h(
        'a',
        {
          href: `#/${r.path}`,
          class: r.path === path || (path === 'item' && r.path === 'queue') ? 'active' : '',
        },
        r.label,
      ),
    ),
  );
  root.replaceChildren(
    h(
      'header',
      { class: 'topbar' },
      h('span', { class: 'brand' }, 'Moderation'),
      nav,
      h(
        'div',
        { class: 'me' },
        h('button', { class: 'ghost small', onclick: toggleHelp, title: 'Keyboard shortcuts' }, '?'),
        h('span', { 'data-testid': 'me' }, ctx.me.name),
        h('span', { class: 'pill' }, ctx.me.role),
        h('button', { class: 'ghost small', onclick: () => void signOut() }, 'Sign out'),
      ),
    ),
    main,
  );
  if (path === 'item' && arg) view = mountItemPage(main, ctx, arg);
  else if (!allowed || path === 'queue') view = mountQueue(main, ctx);
  else if (path === 'stats') view = mountStats(main, ctx);
  else if (path === 'audit') view = mountAudit(main, ctx);
  else if (path === 'sites') view = mountSites(main, ctx);
  else view = mountPeople(main, ctx);
}

document.addEventListener('keydown', (event) => {
  const target = event.target as HTMLElement;
  if (!ctx || event.ctrlKey || event.metaKey || event.altKey) return;
  if (
    target.closest('input, textarea, select, [contenteditable]') ||
    document.querySelector('.overlay:not(#help)')
  )
    return;
  if (event.key === '?' || (event.key === 'Escape' && document.getElementById('help'))) {
    toggleHelp();
    event.preventDefault();
    return;
  }
  if (pendingG) {
    pendingG = false;
    const to = ({ q: 'queue', s: 'stats', a: 'audit' } as Record<string, string>)[event.key];
    if (to) {
      location.hash = `#/${to}`;
      event.preventDefault();
      return;
    }
  }
  if (event.key === 'g') {
    pendingG = true;
    window.setTimeout(() => (pendingG = false), 1_000);
    return;
  }
  if (view?.onKey?.(event)) event.preventDefault();
});

// Each section re-reads the names of sites and colleagues, so one just created shows at once.
window.addEventListener('hashchange', () => {
  const me = ctx?.me;
  if (!me) return;
  api<Directory>('GET', '/v1/review/directory').then(
    (directory) => {
      ctx = createContext(me, directory);
      route();
    },
    () => route(),
  );
});
// Closing the tab gives up the open item's claim at once instead of when it expires.
window.addEventListener('pagehide', () => view?.unmount?.());
window.addEventListener('pageshow', (event) => event.persisted && route());
whenSignedOut(() => showLogin('Your session ended; sign in again.'));
api<SessionInfo>('GET', '/v1/session').then(
  (session) => void start(session),
  () => showLogin(),
);
