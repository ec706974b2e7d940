import type { Directory, Me } from './types';

/** What every view knows: who is signed in, and the names behind site and moderator ids. */
export interface AppContext {
  me: Me;
  directory: Directory;
  isAdmin: boolean;
  siteName(id: string): string;
  moderatorName(id: string | null): string;
}

export function createContext(me: Me, directory: Directory): AppContext {
  const sites = new Map(directory.sites.map((site) => [site.id, site.name]));
  const moderators = new Map(directory.moderators.map((m) => [m.id, m.name]));
  return {
    me,
    directory,
    isAdmin: me.role === 'admin',
    siteName: (id) => sites.get(id) ?? id.slice(0, 8),
    moderatorName: (id) => (id === null ? 'operator' : (moderators.get(id) ?? id.slice(0, 8))),
  };
}

/** A mounted view: it is given the keys the page does not handle itself, and cleaned up on leaving. */
export interface View {
  onKey?(event: KeyboardEvent): boolean;
  unmount?(): void;
}
