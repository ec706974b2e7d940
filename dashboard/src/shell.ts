import { h } from './dom';
import { toggleHelp } from './help';
import type { AppContext } from './context';

export const SECTIONS: Array<{ path: string; label: string; admin?: boolean }> = [
  { path: 'queue', label: 'Queue' },
  { path: 'appeals', label: 'Appeals' },
  { path: 'recent', label: 'My decisions' },
  { path: 'stats', label: 'Stats' },
  { path: 'audit', label: 'Audit' },
  { path: 'sites', label: 'Sites', admin: true },
  { path: 'people', label: 'People', admin: true },
];

/** Pages of the service beside the dashboard, for admins: opened as pages of their own. */
const ADMIN_LINKS = [
  { href: '../admin/queues', label: 'Queue board' },
  { href: '../docs', label: 'API docs' },
];

/**
 * The top bar: the sections (behind a Menu button on a phone), admins' links to the queue board and
 * the API docs, and who is signed in. `active` is the section to mark as the current page.
 */
export function renderTopbar(ctx: AppContext, active: string, onSignOut: () => void): HTMLElement {
  const links = SECTIONS.filter((section) => !section.admin || ctx.isAdmin).map((section) =>
    h(
      'a',
      { href: `#/${section.path}`, 'aria-current': section.path === active ? 'page' : null },
      section.label,
    ),
  );
  const extra = ctx.isAdmin
    ? ADMIN_LINKS.map((link) =>
        h('a', { href: new URL(link.href, location.href).href, class: 'external' }, link.label),
      )
    : [];
  const nav = h('nav', { id: 'sections', 'aria-label': 'Sections' }, links, extra);
  const menu = h(
    'button',
    { class: 'menu-toggle ghost small', 'aria-expanded': 'false', 'aria-controls': 'sections' },
    'Menu',
  );
  menu.addEventListener('click', () => {
    const open = menu.getAttribute('aria-expanded') !== 'true';
    menu.setAttribute('aria-expanded', String(open));
    nav.classList.toggle('open', open);
  });
  return h(
    'header',
    { class: 'topbar' },
    h('span', { class: 'brand' }, 'Moderation'),
    menu,
    nav,
    h(
      'div',
      { class: 'me' },
      h(
        'button',
        {
          class: 'ghost small',
          onclick: toggleHelp,
          'aria-label': 'Keyboard shortcuts',
          title: 'Keyboard shortcuts',
        },
        '?',
      ),
      h('span', { 'data-testid': 'me' }, ctx.me.name),
      h('span', { class: 'pill' }, ctx.me.role),
      h('button', { class: 'ghost small', onclick: onSignOut }, 'Sign out'),
    ),
  );
}
