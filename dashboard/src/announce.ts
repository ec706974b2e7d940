/**
 * The page's one live region: short messages a screen-reader user needs (a decision saved, new
 * comments held, a colleague's decision on the open item), read politely, never the page itself.
 */
let region: HTMLElement | null = null;

export function announce(message: string): void {
  if (!region) {
    region = document.createElement('div');
    region.id = 'announcer';
    region.className = 'visually-hidden';
    region.setAttribute('role', 'status');
    region.setAttribute('aria-live', 'polite');
    document.body.append(region);
  }
  const target = region;
  // Emptied first, so the same message twice is read twice.
  target.textContent = '';
  window.setTimeout(() => (target.textContent = message), 50);
}
