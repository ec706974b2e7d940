import { createHash } from 'node:crypto';
import { canonicalize } from '../moderation/text/canonical';

/** Which part of the data a row belongs to: learned from, used to calibrate, or held back to measure. */
export type Part = 'train' | 'calibrate' | 'test';

/**
 * The split, by a hash of each text's key: buckets 0–69 train, 70–79 calibrate, 80–99 are held
 * back. A hash rather than a shuffle, so the held-back rows are known to anyone with the key
 * function, and near-copies (same words, other case, punctuation or numbers) land together.
 */
export const SPLIT = { salt: 'comment-moderation/models/v1', trainBelow: 70, calibrateBelow: 80 } as const;

/** What identifies a text for the split: its canonical words, digits read as 0. */
export function textKey(text: string): string {
  return canonicalize(text)
    .text.replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/\d/g, '0')
    .trim();
}

/** A 32-bit hash of a text's key, as the manifest's list of trained texts stores it. */
export function keyHash(key: string): number {
  return createHash('sha256').update(SPLIT.salt).update('\u0000').update(key).digest().readUInt32BE(0);
}

/** The part a text's key hash puts it in. */
export function partOf(hash: number): Part {
  const bucket = hash % 100;
  return bucket < SPLIT.trainBelow ? 'train' : bucket < SPLIT.calibrateBelow ? 'calibrate' : 'test';
}
