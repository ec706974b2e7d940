/**
 * Where the page is, in its URL: `#/<view>[/<arg>]?<params>`, e.g. `#/queue?status=approved&q=viagra&item=<id>`.
 * Every view and open item has an address, so it can be linked, bookmarked, and reached with Back.
 */
export interface Place {
  path: string;
  arg: string | undefined;
  params: URLSearchParams;
}

export type Params = Record<string, string | null | undefined>;

/** The place the location's hash names. */
export function currentPlace(hash = location.hash): Place {
  const [route = '', search = ''] = hash.replace(/^#\/?/, '').split('?');
  const [path = 'queue', arg] = route.split('/');
  return {
    path: path || 'queue',
    arg: arg ? decodeURIComponent(arg) : undefined,
    params: new URLSearchParams(search),
  };
}

/** The hash of a place: `#/queue?…`, without empty parameters. */
export function hrefFor(path: string, params: Params = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  return `#/${path}${text ? `?${text}` : ''}`;
}

let onPlaceChange: (() => void) | null = null;

/** Called whenever the place changes: links, Back and Forward, and go(). */
export function whenPlaceChanges(handler: () => void): void {
  onPlaceChange = handler;
}

/**
 * Moves to a place: a new history entry (Back returns), or with `replace` the same one (moving
 * through a list with j and k should not fill the history).
 */
export function go(path: string, params: Params = {}, options: { replace?: boolean } = {}): void {
  const href = hrefFor(path, params);
  if (href === location.hash) return;
  if (options.replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  onPlaceChange?.();
}

/** The parameters as a plain object, to change one and go there. */
export const paramsOf = (params: URLSearchParams): Params => Object.fromEntries(params.entries());
