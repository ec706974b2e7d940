/** What a host name says about a link: the site's lists, shorteners, cheap and look-alike domains. */

// Top-level domains a bare "name.tld" may end in. Those that are also common words ("it", "me",
// "live") only count when a path follows or the host has several labels, so "it.It was" is no link.
export const TLDS = new Set(
  (
    'com net org info biz edu gov mil int io co uk de ru su ua kz cn jp kr vn fr nl eu es pl br au ca ch cz dk fi ' +
    'gr hu ie ro se pt nz za mx ar cl pk ph sg hk tw th tr ir il ae sa ng ke tk ml ga cf gq xyz tv cc ly gl ws mn ' +
    'fm gd pw icu buzz vip mobi asia cam rest monster рф'
  )
    .split(' ')
    .filter(Boolean),
);
export const WORD_TLDS = new Set(
  (
    'me us in it is to be at by no my so am id do go la im ai top online site club store shop app dev blog live news ' +
    'link click win bid loan work life world space website fun pro one tel travel art bar page today email host ' +
    'stream download review porn xxx sex adult dating'
  )
    .split(' ')
    .filter(Boolean),
);

/** Whether a host is one of the domains or a subdomain of one. */
export function isUnderDomain(host: string, domains: readonly string[]): boolean {
  return domains.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

/** URL shorteners: the reader cannot see where the link goes. */
export const SHORTENERS = (
  'bit.ly bitly.com tinyurl.com goo.gl t.co ow.ly is.gd v.gd buff.ly adf.ly shorturl.at rb.gy cutt.ly tiny.cc ' +
  't.ly rebrand.ly bl.ink shorte.st ouo.io bc.vc soo.gd s.id x.co lnkd.in db.tt qr.net tr.im cli.gs bit.do ' +
  'po.st mcaf.ee su.pr tiny.one short.io linktr.ee j.mp clck.ru u.to shrtco.de'
).split(' ');

// Top-level domains that registries hand out free or nearly free, and that spam campaigns favour.
const CHEAP_TLDS = new Set(
  'tk ml ga cf gq xyz top click icu buzz pw loan win bid cam monster rest work'.split(' '),
);

/** The top-level domain of a host when it is one that spam campaigns favour, else null. */
export function cheapTld(host: string): string | null {
  const tld = host.slice(host.lastIndexOf('.') + 1);
  return CHEAP_TLDS.has(tld) ? tld : null;
}

// Latin look-alikes in Cyrillic and Greek: a label made only of these reads as a Latin word.
const CONFUSABLE = new Set([...'аеорсухіјѕԁԛԝӏһвкмнтαορνυικ']);
const SCRIPTS: Array<[string, RegExp]> = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Cherokee', /\p{Script=Cherokee}/u],
];

/**
 * Whether a host imitates a Latin name with letters of another script: a label mixing Latin with
 * Cyrillic or Greek ("аpple"), or made only of Cyrillic/Greek letters that look Latin ("рау").
 */
export function isLookalikeHost(host: string): boolean {
  const labels = host.split('.');
  return labels.slice(0, Math.max(1, labels.length - 1)).some((label) => {
    const letters = [...label].filter((char) => /\p{L}/u.test(char));
    const scripts = new Set(letters.map((char) => SCRIPTS.find(([, re]) => re.test(char))?.[0] ?? 'Other'));
    if (scripts.has('Latin') && scripts.size > 1) return true;
    return (
      letters.length >= 2 &&
      (scripts.has('Cyrillic') || scripts.has('Greek')) &&
      letters.every((char) => CONFUSABLE.has(char))
    );
  });
}

/** Whether a host is written in punycode (an "xn--" label). */
export const isPunycodeHost = (written: string) => /(?:^|[./])xn--/i.test(written);
