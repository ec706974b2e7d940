import { fnv1a, mix } from './hashing';

/**
 * MinHash fingerprints of comment text, for near-duplicate detection across authors and sites.
 * Comments are short, so a changed word moves a simhash too far; MinHash instead estimates the
 * Jaccard similarity of the word sets. Locality-sensitive bands (runs of hashes) let an index
 * find candidates by exact band match, then the full fingerprints are compared.
 */
export type Fingerprint = readonly number[];

/**
 * Hashes per fingerprint, and hashes per band: 8 bands of 4. 32 hashes estimate similarity within
 * about ±0.06; texts with similarity 0.85 share a band with probability > 0.99, unrelated ones rarely.
 */
export const HASHES = 32;
const ROWS_PER_BAND = 4;
/** Texts with fewer distinct words are too common ("first!", "great video") to signal a campaign. */
export const MIN_FINGERPRINT_WORDS = 6;
/** Estimated Jaccard similarity from which two texts count as the same text. */
export const NEAR_DUPLICATE_SIMILARITY = 0.7;

/** Lower-cased words, digits folded, so "Win $500 now" and "win $900 now" look alike. */
function words(text: string): Set<string> {
  return new Set(
    text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/\d+/g, '0')
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean),
  );
}

const SEEDS = Array.from({ length: HASHES }, (_, i) => mix(i + 1) ^ 0x9e3779b9);

/** The MinHash of the text's word set, or null when the text is too short to tell. */
export function fingerprint(text: string): Fingerprint | null {
  const tokens = words(text.slice(0, 20_000));
  if (tokens.size < MIN_FINGERPRINT_WORDS) return null;
  const minima = new Array<number>(HASHES).fill(0xffffffff);
  for (const token of tokens) {
    const base = fnv1a(token);
    for (let i = 0; i < HASHES; i++) {
      const h = mix(base ^ SEEDS[i]!);
      if (h < minima[i]!) minima[i] = h;
    }
  }
  return minima;
}

/** The band keys of a fingerprint: texts that share any of them are candidates. */
export function bands(fp: Fingerprint): string[] {
  const keys: string[] = [];
  for (let band = 0; band < HASHES / ROWS_PER_BAND; band++) {
    const at = band * ROWS_PER_BAND;
    let h = 0;
    for (let row = 0; row < ROWS_PER_BAND; row++) h = mix(h ^ fp[at + row]!);
    keys.push(`${band}:${h.toString(36)}`);
  }
  return keys;
}

/** The estimated Jaccard similarity of the two texts' word sets. */
export function similarity(a: Fingerprint, b: Fingerprint): number {
  let same = 0;
  for (let i = 0; i < HASHES; i++) if (a[i] === b[i]) same++;
  return same / HASHES;
}

export const formatFingerprint = (fp: Fingerprint) => fp.map((h) => h.toString(16).padStart(8, '0')).join('');

export function parseFingerprint(text: string): Fingerprint | null {
  if (!/^[0-9a-f]+$/.test(text) || text.length !== HASHES * 8) return null;
  return Array.from({ length: HASHES }, (_, i) => parseInt(text.slice(i * 8, i * 8 + 8), 16));
}
