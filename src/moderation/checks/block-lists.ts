import { parseAddress, parseNetwork } from '../ip-networks';
import type { Policy } from '../policy';
import type { Check, Signal } from '../types';

type Membership = NonNullable<ReturnType<typeof parseNetwork>>;

// The parsed networks of a policy's list: built on first use and kept while the policy is.
const networksOf = new WeakMap<readonly string[], Membership[]>();

function networks(list: readonly string[]): Membership[] {
  let parsed = networksOf.get(list);
  if (!parsed) {
    parsed = list.map(parseNetwork).filter((test): test is Membership => test !== null);
    networksOf.set(list, parsed);
  }
  return parsed;
}

/** The blocked domain the address is at (or below), if any. */
function blockedDomainOf(email: string, domains: readonly string[]): string | undefined {
  const at = email.toLowerCase().split('@').pop() ?? '';
  return domains.find((domain) => at === domain || at.endsWith(`.${domain}`));
}

/**
 * The site's block lists: an author e-mail at a blocked domain, or an IP address in a blocked
 * network, rejects the comment (a hard signal, like a ban).
 */
export const blockListsCheck: Check<{
  policy: Pick<Policy, 'blockedEmailDomains' | 'blockedNetworks'>;
}> = ({ author }, { policy }) => {
  const signals: Signal[] = [];
  const domain = author.email && blockedDomainOf(author.email, policy.blockedEmailDomains);
  if (domain) {
    signals.push({
      check: 'block_lists',
      code: 'blocked_email_domain',
      score: 0,
      force: 'reject',
      message: `The author's e-mail is at a blocked domain (${domain})`,
    });
  }
  const address = author.ip && policy.blockedNetworks.length > 0 ? parseAddress(author.ip) : null;
  if (address) {
    if (networks(policy.blockedNetworks).some((inNetwork) => inNetwork(address))) {
      signals.push({
        check: 'block_lists',
        code: 'blocked_network',
        score: 0,
        force: 'reject',
        message: "The author's IP address is in a blocked network",
      });
    }
  }
  return signals;
};
