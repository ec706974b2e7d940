import type { CrowdSignals } from '../check-context';
import type { Check, Signal } from '../types';

/** More comments than these within the velocity window look like a flood. */
const AUTHOR_FLOOD = 5;
const IP_FLOOD = 10;

/**
 * Campaigns and floods, from the crowd signals the worker preloaded: the same or nearly the same
 * text from other authors or other sites, and too many comments from one author or one IP.
 */
export const duplicatesCheck: Check<{ crowd: CrowdSignals | null }> = (_comment, { crowd }) => {
  if (!crowd) return [];
  const signals: Signal[] = [];
  const { duplicateAuthors, duplicateSites } = crowd;
  if (duplicateAuthors > 0) {
    const campaign = duplicateAuthors >= 2;
    signals.push({
      check: 'duplicates',
      code: campaign ? 'campaign' : 'duplicate_text',
      score: campaign ? 5 : 2,
      message: `The same or nearly the same text came from ${duplicateAuthors} other author${duplicateAuthors > 1 ? 's' : ''} recently`,
    });
  }
  if (duplicateSites > 0) {
    signals.push({
      check: 'duplicates',
      code: 'cross_site_duplicate',
      score: 3,
      message: `The same or nearly the same text was posted on ${duplicateSites} other site${duplicateSites > 1 ? 's' : ''} recently`,
    });
  }
  const minutes = Math.round(crowd.windowSeconds / 60);
  if (crowd.authorRecent > AUTHOR_FLOOD) {
    signals.push({
      check: 'duplicates',
      code: 'author_flood',
      score: 3,
      message: `This author sent ${crowd.authorRecent} comments in ${minutes} minutes`,
    });
  }
  if (crowd.ipRecent > IP_FLOOD) {
    signals.push({
      check: 'duplicates',
      code: 'ip_flood',
      score: 3,
      message: `${crowd.ipRecent} comments came from this author's IP address in ${minutes} minutes`,
    });
  }
  return signals;
};
