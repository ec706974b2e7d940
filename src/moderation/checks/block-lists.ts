import { BlockList, isIP } from 'node:net';
import type { Policy } from '../policy';
import type { Check, Signal } from '../types';

// One BlockList per policy object: built on first use and kept while the policy is.
const networksOf = new WeakMap<readonly string[], BlockList>();

function blockListOf(networks: readonly string[]): BlockList {
  let list = networksOf.get(networks);
  if (!list) {
    list = new BlockList();
    for (const network of networks) {
      const [address, prefix] = network.split('/');
      list.addSubnet(address!, Number(prefix), isIP(address!) === 6 ? 'ipv6' : 'ipv4');
    }
    networksOf.set(networks, list);
  }
  return list;
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
  const family = author.ip ? isIP(author.ip) : 0;
  if (author.ip && family && policy.blockedNetworks.length > 0) {
    if (blockListOf(policy.blockedNetworks).check(author.ip, family === 6 ? 'ipv6' : 'ipv4')) {
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
