import type { CrowdObservation } from '../moderation/check-context';
import {
  formatFingerprint,
  NEAR_DUPLICATE_SIMILARITY,
  parseFingerprint,
  similarity,
  type Fingerprint,
} from '../moderation/fingerprint';

/** How far back copies of a text count as one campaign. */
export const DUPLICATE_WINDOW_MS = 6 * 60 * 60 * 1000;
/** How far back an author's or an IP's comments count toward a flood. */
export const VELOCITY_WINDOW_MS = 10 * 60 * 1000;

/**
 * Entries compared per fingerprint band: the most recent ones. A band shared by more recent texts
 * than this is a campaign anyway, and comparing all of them would cost a flood its own weight.
 */
export const MAX_BAND_ENTRIES = 100;
/**
 * Comments an author's or an IP's pace key holds: a flood is a flood long before this, and a bot
 * sending thousands a minute must not grow one key without end. The count it reports stops here.
 */
export const MAX_PACE_ENTRIES = 1_000;

/** How much the index may hold: see CROWD_MAX_COMMENTS in src/config/settings.ts. */
export interface CrowdLimits {
  /** Most comments the near-duplicate index holds at once; past it, the oldest are forgotten first. */
  maxComments: number;
}
export const DEFAULT_CROWD_LIMITS: CrowdLimits = { maxComments: 50_000 };
/**
 * Comments over the cap (or past the window) are forgotten this many at a time, so removing them from
 * their band keys is one pipeline per batch rather than one per comment; the index holds at most
 * `maxComments + EVICT_BATCH - 1`.
 */
export const EVICT_BATCH = 64;

/** What a fingerprint index entry holds; joined into one string so Redis can store it as a set member. */
export const encodeEntry = (o: CrowdObservation, fp: Fingerprint) =>
  [o.commentId, o.siteId, o.authorKey ?? '', formatFingerprint(fp)].join('|');

/** The parts of an index entry; `authorKey` is '' for an anonymous comment. */
export function decodeEntry(entry: string) {
  const [commentId = '', siteId = '', authorKey = '', fingerprint] = entry.split('|');
  return { commentId, siteId, authorKey, fingerprint };
}

/**
 * Counts the other authors and sites among index entries whose fingerprint is near this one's.
 * Anonymous comments count as distinct authors each, since nothing ties them together.
 */
export function countNearDuplicates(o: CrowdObservation, fp: Fingerprint, entries: Iterable<string>) {
  const authors = new Set<string>();
  const sites = new Set<string>();
  for (const entry of entries) {
    const { commentId, siteId, authorKey, fingerprint: fpText } = decodeEntry(entry);
    if (!commentId || commentId === o.commentId || !siteId || fpText === undefined) continue;
    const other = parseFingerprint(fpText);
    if (!other || similarity(fp, other) < NEAR_DUPLICATE_SIMILARITY) continue;
    const author = authorKey ? `${siteId}:${authorKey}` : `anonymous:${commentId}`;
    if (author !== `${o.siteId}:${o.authorKey ?? ''}`) authors.add(author);
    if (siteId !== o.siteId) sites.add(siteId);
  }
  return { duplicateAuthors: authors.size, duplicateSites: sites.size };
}
