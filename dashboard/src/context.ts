import type { LiveFeed } from './live';
import type { Directory, Me, SiteSummary } from './types';

/** What every view knows: who is signed in, the names behind ids, and the live feed. */
export interface AppContext {
  me: Me;
  directory: Directory;
  isAdmin: boolean;
  live: LiveFeed;
  siteName(id: string): string;
  /** The site's thresholds, if the reader may see it. */
  site(id: string): SiteSummary | undefined;
  moderatorName(id: string | null): string;
}

export function createContext(me: Me, directory: Directory, live: LiveFeed): AppContext {
  const sites = new Map(directory.sites.map((site) => [site.id, site]));
  const moderators = new Map(directory.moderators.map((m) => [m.id, m.name]));
  return {
    me,
    directory,
    isAdmin: me.role === 'admin',
    live,
    siteName: (id) => sites.get(id)?.name ?? id.slice(0, 8),
    site: (id) => sites.get(id),
    moderatorName: (id) => (id === null ? 'operator' : (moderators.get(id) ?? id.slice(0, 8))),
  };
}

/**
 * A mounted view: it is given the keys the page does not handle itself, the new parameters when
 * only they change (the same view stays), and cleaned up on leaving.
 */
export interface View {
  onKey?(event: KeyboardEvent): boolean;
  /** Takes new URL parameters in place; absent: the view is mounted again. */
  update?(params: URLSearchParams): void;
  unmount?(): void;
}
