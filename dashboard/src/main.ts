import { api, setCsrfToken, whenSignedOut } from './api';
import { h } from './dom';
import { createContext, type AppContext, type View } from './context';
import { renderLogin } from './login-view';
import { toggleHelp } from './help';
import { createLiveFeed, type LiveFeed } from './live';
import { currentPlace, whenPlaceChanges, type Place } from './router';
import { renderTopbar, SECTIONS } from './shell';
import { mountQueue } from './queue-view';
import { mountItemPage } from './item-page';
import { mountRecent } from './recent-view';
import { mountStats } from './stats-view';
import { mountAudit } from './audit-view';
import { mountSites } from './sites-view';
import { mountPeople } from './people-view';
import { mountAppeals } from './appeals-view';
import type { Directory, SessionAnswer, SessionInfo } from './types';

const root = document.getElementById('app')!;
let ctx: AppContext | null = null;
let live: LiveFeed | null = null;
let view: View | null = null;
let mounted: { path: string; arg: string | undefined; hash: string } | null = null;
let pendingG = false;

const MOUNT: Record<string, (main: HTMLElement, ctx: AppContext, place: Place) => View> = {
  queue: mountQueue,
  appeals: mountAppeals,
  item: (main, context, place) => mountItemPage(main, context, place.arg ?? ''),
  recent: mountRecent,
  stats: mountStats,
  audit: mountAudit,
  sites: mountSites,
  people: mountPeople,
};

function leave(): void {
  view?.unmount?.();
  view = null;
  mounted = null;
}

function showLogin(notice: string | null = null): void {
  leave();
  live?.close();
  live = null;
  ctx = null;
  setCsrfToken(null);
  renderLogin(root, notice, (session) => void start(session));
}

async function signOut(): Promise<void> {
  leave();
  await api('DELETE', '/v1/session').catch(() => undefined);
  showLogin('Signed out.');
}

async function start(session: SessionInfo): Promise<void> {
  setCsrfToken(session.csrfToken);
  const directory = await api<Directory>('GET', '/v1/review/directory');
  live = createLiveFeed();
  ctx = createContext(session.moderator, directory, live);
  route();
}

/**
 * Shows the place the URL names. A change of parameters only (a filter, the open item) goes to the
 * mounted view in place; another view, or the same one for another item, is mounted afresh.
 */
function route(): void {
  if (!ctx) return;
  const place = currentPlace();
  const allowed =
    SECTIONS.some((s) => s.path === place.path && (!s.admin || ctx!.isAdmin)) || place.path === 'item';
  if (!allowed) place.path = 'queue';
  if (mounted?.hash === location.hash) return;
  if (mounted && mounted.path === place.path && mounted.arg === place.arg && view?.update) {
    mounted.hash = location.hash;
    view.update(place.params);
    return;
  }
  leave();
  const main = h('main', { class: 'content', id: 'main', tabindex: '-1' });
  root.replaceChildren(
    renderTopbar(ctx, place.path === 'item' ? 'queue' : place.path, () => void signOut()),
    main,
  );
  view = MOUNT[place.path]!(main, ctx, place);
  mounted = { path: place.path, arg: place.arg, hash: location.hash };
}

/** Leaving for another section re-reads the names of sites and colleagues, so one just created shows. */
async function onPlaceChange(): Promise<void> {
  if (!ctx || !live) return;
  if (mounted && currentPlace().path === mounted.path) return route();
  // The view being left must not act while the directory loads: a queue refresh landing now would
  // open its first item and take the URL back from the place the moderator asked for.
  leave();
  const me = ctx.me;
  const feed = live;
  const directory = await api<Directory>('GET', '/v1/review/directory').catch(() => ctx?.directory);
  if (!ctx || !directory) return;
  ctx = createContext(me, directory, feed);
  route();
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
    const to = ({ q: 'queue', s: 'stats', a: 'audit', d: 'recent' } as Record<string, string>)[event.key];
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

whenPlaceChanges(() => void onPlaceChange());
window.addEventListener('hashchange', () => void onPlaceChange());
// Closing the tab gives up the open item's claim at once instead of when it expires.
window.addEventListener('pagehide', () => view?.unmount?.());
window.addEventListener('pageshow', (event) => {
  if (!event.persisted) return;
  mounted = null;
  route();
});
whenSignedOut(() => showLogin('Your session ended; sign in again.'));
api<SessionAnswer>('GET', '/v1/session').then(
  (answer) => (answer.signedIn ? void start(answer) : showLogin()),
  () => showLogin(),
);
