import type { StoredSite } from '../db/sites-repository';
import type { Policy } from '../moderation/policy';
import { readPolicy } from '../moderation/read-policy';

/** A site as the service uses it: its stored policy read into a Policy. Secrets are never part of it. */
export type Site = Omit<StoredSite, 'policy'> & { policy: Policy };

/**
 * The boundary where a stored site becomes a Site: its policy is read here, once, leniently
 * (readPolicy), and travels typed from here on. A stored policy this version cannot fully read
 * still gives a working site; the moderation worker reports what was defaulted.
 */
export function toSite(stored: StoredSite): Site {
  return { ...stored, policy: readPolicy(stored.policy).policy };
}
