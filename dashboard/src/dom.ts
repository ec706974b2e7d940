/**
 * The dashboard builds every element with these helpers: strings become text nodes, never markup,
 * so comment text and every other user-provided string can only ever show as text.
 */
import { announce } from './announce';

export type Child = Node | string | number | null | undefined | false | Child[];
type Handler = (event: never) => void;
export type Attrs = Record<string, string | number | boolean | null | undefined | Handler>;

/** A link target that cannot run script: in-page routes, or absolute http(s) URLs; null otherwise. */
export function safeHref(url: string | undefined | null): string | null {
  if (!url) return null;
  if (/^#\/[\w/?=&.%+~,:-]*$/.test(url)) return url;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

function setAttrs(el: Element, attrs: Attrs | null | undefined): void {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') {
      if (name.startsWith('on')) el.addEventListener(name.slice(2), value as EventListener);
      continue;
    }
    // Event handler attributes from strings would be inline script: never.
    if (name.startsWith('on') || name === 'style' || name === 'srcdoc') continue;
    if (name === 'href' || name === 'src') {
      const safe = safeHref(String(value));
      if (safe) el.setAttribute(name, safe);
      continue;
    }
    el.setAttribute(name, value === true ? '' : String(value));
  }
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** An HTML element with attributes, listeners (`onclick`) and children (strings become text). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/** An SVG element, for charts. */
export function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const absolute = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

/** "5 minutes ago", for recent times. */
export function ago(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return 'just now';
}

export function when(iso: string): string {
  return absolute.format(new Date(iso));
}

/** A duration in seconds as "45 s", "12 min", "3.5 h", "2.1 d". */
export function duration(seconds: number | null): string {
  if (seconds === null) return '–';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5_400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 129_600) return `${(seconds / 3_600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}

export const STATUS_LABEL: Record<string, string> = {
  queued: 'Queued',
  pending_review: 'Held',
  approved: 'Approved',
  rejected: 'Rejected',
  appealed: 'Appealed',
  deleted: 'Deleted',
  all: 'All',
};

/** A code as people read it: `too_many_links` → "Too many links". */
export function humanize(code: string): string {
  const words = code
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function statusPill(status: string): HTMLElement {
  return h('span', { class: `pill status-${status}` }, STATUS_LABEL[status] ?? status);
}

/**
 * Shows a short message at the bottom of the page for a few seconds, and says it to screen readers
 * (announce); an action (Undo) keeps it up longer.
 */
export function toast(
  message: string,
  kind: 'ok' | 'error' = 'ok',
  action?: { label: string; run(): void },
): void {
  let box = document.getElementById('toasts');
  if (!box) {
    box = h('div', { id: 'toasts' });
    document.body.append(box);
  }
  const note: HTMLElement = h(
    'div',
    { class: `toast toast-${kind}` },
    message,
    action
      ? h('button', { class: 'small', onclick: () => (note.remove(), action.run()) }, action.label)
      : null,
  );
  box.append(note);
  announce(action ? `${message} ${action.label} is available.` : message);
  setTimeout(() => note.remove(), kind === 'error' || action ? 8_000 : 3_500);
}
