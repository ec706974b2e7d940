/** One way of phrasing a spam pitch, and how strongly it alone points at spam. */
export interface PhraseRule {
  pattern: RegExp;
  weight: number;
}

/** A family of spam pitches reported as one signal, e.g. `money_offer`. */
export interface PhraseCategory {
  code: string;
  /** What a moderator reads before the quoted words. */
  label: string;
  rules: PhraseRule[];
}

// ASCII classes without the u flag: four times faster than \p{L}, and the pitches are English.
const rule = (weight: number, source: string): PhraseRule => ({ weight, pattern: new RegExp(source, 'gi') });

// Building blocks. Every repetition is bounded ({0,n}), so no pattern can backtrack badly on junk.
const SUB = 'sub(?:s?cr?ib?e)?'; // sub, subscribe and its usual misspellings: subcribe, subscibe, subcibe
const SUBSCRIBE = 'sub(?:s?cr?ib?e)'; // the verb, not the bare "sub"
const WORDS = (max: number) => `(?:[a-z'’]+[\\s-]+){0,${max}}?`;
const MONEY = '(?:[$£€]\\s?\\d[\\d,.]*k?|\\d[\\d,.]*k?\\s?(?:[$£€]|dollars|usd|bucks|euros?|pounds))';
const OWN_STUFF =
  '(?:channel|chanel|channell|vids?|videos?|vlogs?|blog|site|web\\s?site|page|profile|music|songs?|tracks?|mixtape|album|stream|twitch|shop|store|covers?|montages?|uploads?|content|youtube|insta(?:gram)?|tiktok|soundcloud|podcast|art(?:work)?|stuff)';
const CRYPTO =
  '(?:bitcoin|btc|crypto(?:currency|currencies)?|forex|binary\\s+options?|ethereum|usdt|nft|cfd)s?';
// Up to eight words between two terms; separators and words never overlap, so matching stays linear.
const GAP = '(?:[^a-z0-9]+[a-z0-9]+){0,8}?[^a-z0-9]+';
const GAIN =
  '(?:invest(?:ment|ed|ing|or)?s?|profits?|returns?|roi|earn(?:ed|ing|ings)?|income|mining|doubled?|signals?|account\\s+manager|expert|mentor|broker|trad(?:e|ing|er))';

/**
 * Spam pitches as general patterns with word boundaries, grouped by what they sell. A category
 * scores the weight of its strongest pattern found, plus a little when several of its patterns are.
 */
export const PHRASE_CATEGORIES: PhraseCategory[] = [
  {
    code: 'self_promotion',
    label: "Promotes the author's own channel or site",
    rules: [
      rule(
        3,
        `\\b(?:check(?:\\s*out)?|checkout|visit|watch|view|see|read|look\\s+at|(?:take|have)\\s+a\\s+look\\s+(?:at|on)|stop\\s+by|drop\\s+by|come\\s+(?:to|and\\s+see)|go\\s+to|head\\s+(?:over\\s+)?to|swing\\s+by|listen\\s+to|enjoy|look|search(?:\\s+up)?|tell\\s+(?:you|u)\\s+about)\\s+(?:out\\s+)?(?:my|our|mah|ma)\\s+${WORDS(2)}${OWN_STUFF}\\b`,
      ),
      rule(2.5, `\\bcheck\\s+(?:me|us)\\s+out\\b`),
      rule(3, `\\b(?:invite|welcome)\\s+${WORDS(3)}(?:to|into)\\s+(?:my|our)\\s+${WORDS(2)}${OWN_STUFF}\\b`),
      rule(
        2,
        `\\bcheck\\s*out\\s+${WORDS(3)}on\\s+(?:youtube|twitch|tiktok|instagram|soundcloud|spotify|bandcamp)\\b`,
      ),
      rule(
        2,
        `\\b(?:started|starting|began|begun)\\s+(?:making|doing|uploading|posting|recording|streaming)\\s+${WORDS(2)}(?:videos?|vids|vlogs|music|content|covers)\\b`,
      ),
      rule(2, `\\bnew\\s+(?:on|to)\\s+(?:youtube|twitch|tiktok|instagram|soundcloud)\\b`),
      rule(2, `\\bhelp\\s+(?:me|us)\\s+(?:to\\s+)?(?:reach|get\\s+to|hit|grow|get\\s+more)\\b`),
      rule(2, `\\b(?:my|our)\\s+${WORDS(2)}(?:youtube\\s+)?(?:channel|chanel|channell)\\b`),
      rule(
        2.5,
        `\\b(?:i['’]?m|i\\s+am|we['’]?re|we\\s+are)\\s+(?:a\\s+|an\\s+)?(?:[a-z]+\\s+)?(?:new|small|upcoming|up-and-coming|growing|young|aspiring|beginner|starting|independent|indie|underrated)\\s+(?:[a-z]+\\s+)?(?:youtuber|you\\s?tuber|channel|artist|rapper|singer|musician|streamer|gamer|blogger|vlogger|producer|band|dj|creator)s?\\b`,
      ),
      rule(
        1.5,
        `\\b(?:new|small|upcoming|growing)\\s+(?:youtube\\s+|gaming\\s+|music\\s+)?(?:youtuber|channel|chanel|channell)\\b`,
      ),
      rule(
        2,
        `\\b(?:started|starting|made|created|launched|opened)\\s+(?:up\\s+)?(?:a|my|our|this)\\s+(?:own\\s+|new\\s+)?${WORDS(2)}(?:youtube\\s+)?(?:channel|chanel|blog|podcast|vlog)\\b`,
      ),
      rule(
        2,
        `\\b(?:(?:only|just)\\s+(?:have|got|has|had)|(?:have|got|has|had)\\s+(?:only|just))\\s+(?:like\\s+|about\\s+)?(?:\\d+k?\\+?|a\\s+few|one|two|three|four|five|ten)\\s+(?:subs|${SUBSCRIBE}rs?|followers|views|fans)\\b`,
      ),
      rule(2, `\\b(?:i|we)\\s+(?:have|got)\\s+\\d+k?\\+?\\s+(?:subs|${SUBSCRIBE}rs)\\b`),
      rule(
        2,
        `\\b(?:reach|get\\s+to|hit|reaching|hitting)\\s+\\d+k?\\s+(?:subs|${SUBSCRIBE}rs|followers)\\b`,
      ),
      rule(
        1.5,
        `\\b(?:i|we)\\s+(?:[a-z]+\\s+)?(?:make|upload|post|do|create|stream|record)(?:ing)?\\s+${WORDS(4)}(?:videos?|vids|vlogs|montages|let['’]?s\\s*plays|covers|gameplays?|tutorials|beats)\\b`,
      ),
    ],
  },
  {
    code: 'subscribe_request',
    label: 'Asks readers to subscribe or follow',
    rules: [
      rule(3, `\\b${SUB}["'”]?\\s+(?:2\\s+|to\\s+)?(?:me|us|my|our|mine|this\\s+channel)\\b`),
      rule(3, `\\bif\\s+(?:you|u)\\s+${SUB}d?\\s+(?:to\\s+)?(?:me|us|my|our)\\b`),
      rule(2.5, `\\bfollow\\s+(?:me|us)\\s+(?:on|at|@)`),
      rule(3, `\\b(?:${SUB}|follow|like)\\s*(?:4|for)\\s*(?:${SUB}|follow|like)\\b|\\b(?:s4s|f4f|l4l)\\b`),
      rule(3, `\\b(?:${SUB}|follow)(?:\\s+[a-z]+){0,2}\\s+back\\b`),
      rule(
        3,
        `\\b(?:pl(?:ease|s|z)|go|come|can\\s+(?:you|u|someone|anyone|people|everyone)|everyone|guys|just)\\s+(?:[a-z]+\\s+)?["']?${SUBSCRIBE}\\b(?!\\s+to\\s+(?:your|his|their|him|them)\\b)`,
      ),
      rule(
        2,
        `\\blike\\s+(?:and|&|n|\\+)\\s+${SUB}\\b|\\b(?:leave|drop|hit|smash)\\s+(?:a|the|that)\\s+(?:like|${SUB})\\b`,
      ),
      rule(2, `\\band\\s+${SUBSCRIBE}\\b`),
      rule(2.5, `\\b${SUBSCRIBE}\\s*(?:now|today|pl(?:ease|s|z)|!)|[.!?;)]\\s*${SUBSCRIBE}\\b`),
      // A comment that opens with the imperative.
      rule(3, `^[^a-z0-9]{0,20}${SUBSCRIBE}\\b`),
    ],
  },
  {
    code: 'link_bait',
    label: 'Pushes readers to a link',
    rules: [
      rule(
        2.5,
        `\\bclick\\s+(?:on\\s+)?(?:here|this|(?:the|this)\\s+link|(?:my|the)\\s+(?:link|name|profile|avatar|picture|pic|username|button|banner)|below|to\\s+(?:get|win|claim|see|watch|download))\\b`,
      ),
      rule(
        2,
        `\\blinks?\\s+(?:is\\s+|are\\s+)?(?:below|in\\s+(?:my|the)\\s+(?:bio|profile|description|channel|about))\\b`,
      ),
      rule(
        3,
        `\\b(?:remove|delete|without|take\\s+out)\\s+(?:the\\s+|all\\s+(?:the\\s+)?)?(?:spaces|space|dots|stars|brackets)\\b|\\bput\\s+(?:this|it)\\s+(?:in|into)\\s+(?:your|ur|the)\\s+(?:browser|address\\s+bar)\\b`,
      ),
      rule(1.5, `\\bcopy\\s+(?:and|&|n|\\+)\\s+paste\\b`),
      rule(
        2,
        `\\b(?:visit|go\\s+to|rush\\s+to|check\\s+out|try(?:\\s+out)?)\\s+(?:this|that)\\s+(?:[a-z]+\\s+)?(?:site|website|web\\s+site|link|page|app)\\b`,
      ),
    ],
  },
  {
    code: 'money_offer',
    label: 'Offers easy money',
    rules: [
      rule(
        3,
        `\\b(?:make|earn|making|earning|made|earned)\\s+(?:up\\s+to\\s+|over\\s+|about\\s+)?${MONEY}\\s*(?:\\+\\s*)?(?:per|a|an|every|each|\\/|in\\s+(?:a|one|just|only))\\s*(?:day|week|month|hour|hr|minute|min)s?\\b`,
      ),
      rule(
        3,
        `\\b(?:make|earn|making|earning)\\s+${WORDS(3)}(?:money|cash|income|dollars|bucks|profits?)\\s+(?:[a-z]+\\s+)?(?:fast|quick(?:ly)?|easy|easily|online|from\\s+home|at\\s+home|every\\s*day|daily|weekly|while\\s+you\\s+sleep|without|doing\\s+nothing)\\b`,
      ),
      rule(2.5, `\\b(?:easy|quick|fast|extra|free|passive|instant)\\s+(?:money|cash|income|profits?)\\b`),
      rule(2, `\\b(?:money[\\s-]making|make\\s+money|earn\\s+money|making\\s+money\\s+online)\\b`),
      rule(1.5, `\\bwork(?:ing)?\\s+(?:from|at)\\s+home\\b|\\bhome[\\s-]based\\s+(?:business|job|work)\\b`),
      rule(
        2.5,
        `\\b(?:be\\s+your\\s+own\\s+boss|financial(?:ly)?\\s+(?:freedom|free|independen[a-z]*)|get\\s+paid\\s+(?:to|for|daily|weekly|every)|paid\\s+surveys?|residual\\s+income)\\b`,
      ),
      rule(1.5, `[$£€]\\s?\\d[\\d,.]*k?\\+?\\s*(?:\\/|per|a|an|every)\\s*(?:day|week|hour|hr|month)\\b`),
      // An income claim with a when or a how: "I made $300 today", "earned $500 from home".
      rule(
        2.5,
        `\\b(?:made|earned|make|earn|making|earning)\\s+(?:over\\s+|about\\s+|almost\\s+)?${MONEY}\\s+(?:today|yesterday|this\\s+(?:week|month|morning)|last\\s+(?:week|month|night)|from\\s+home|online|with\\s+(?:this|one|a)\\s+(?:simple|easy|little|weird|one)?\\s*(?:trick|method|app|site|system))\\b`,
      ),
    ],
  },
  {
    code: 'free_offer',
    label: 'Offers free goods or hacks',
    rules: [
      rule(
        2.5,
        `\\bfree\\s+${WORDS(2)}(?:gift\\s*cards?|giftcards?|gifts?|codes?|coins|gems|points|credits|robux|v-?bucks|vouchers?|coupons?|samples?|iphones?|ipads?|money|cash|followers|subscribers|subs|likes|views|accounts?|keys|skins|gold|diamonds|premium|membership|trial|giveaways?)\\b`,
      ),
      rule(
        3,
        `\\b(?:code|coin|gem|point|robux|money|cash|account|password|psn|xbox|itunes|steam)s?[\\s-]+(?:generator|hack|adder|glitch)s?\\b|\\bhack(?:ing)?\\s+(?:[a-z]+\\s+)?(?:accounts?|passwords?|facebook|fb|instagram|snapchat|whatsapp|gmail|wifi)\\b`,
      ),
      rule(1.5, `\\bgive\\s?aways?\\b`),
      rule(
        1.5,
        `\\b(?:100\\s?%|totally|absolutely|completely|entirely)\\s+free\\b|\\bfree\\s+of\\s+charge\\b`,
      ),
    ],
  },
  {
    code: 'prize_claim',
    label: 'Announces a prize to claim',
    rules: [
      rule(
        3,
        `\\b(?:you|u)(?:['’]ve|\\s+have|\\s+has)?\\s+(?:just\\s+|already\\s+)?won\\s+(?:a|an|our|\\$|£|€|\\d)`,
      ),
      rule(
        3,
        `\\bclaim\\s+(?:your|ur|the|a|this)\\s+(?:[a-z]+\\s+)?(?:prize|reward|gift|bonus|cash|money|voucher|award|winnings|holiday)\\b`,
      ),
      rule(
        2.5,
        `\\b(?:cash|grand|mystery|guaranteed|big)\\s+(?:prize|reward|award)s?\\b|\\bprize\\s+(?:draw|claim)\\b|\\b(?:lucky|selected|prize)\\s+winners?\\b|\\b(?:you|u)\\s+(?:are|r)\\s+(?:a|the|our)\\s+(?:[a-z]+\\s+)?winner\\b`,
      ),
      rule(
        3,
        `\\b(?:selected|entitled|chosen|awarded)\\s+${WORDS(2)}(?:to|2)\\s+(?:receive|claim|get|win|collect)\\b|\\b(?:you|u)\\s+(?:are|r|have\\s+been|ve\\s+been)\\s+awarded\\b`,
      ),
      rule(2.5, `\\b(?:to|2)\\s*claim\\s+(?:call|txt|text|ur|your|yr)\\b`),
      rule(2, `\\bcongrat(?:ulation)?s\\b[!,.\\s]{0,5}(?:you|u)\\b(?!\\s+(?:guys|all|both|two)\\b)`),
      rule(2, `\\b(?:win|won|winner)\\b[^.!?\\n]{0,40}\\b(?:iphone|ipad|gift\\s*card|voucher|cash|prize)\\b`),
    ],
  },
  {
    code: 'dating_spam',
    label: 'Dating or sex lure',
    rules: [
      rule(
        3.5,
        `\\b(?:sexy|hot|lonely|horny|naughty|local|beautiful|single|real)\\s+(?:singles?|girls?|women|woman|ladies|milfs?|moms|babes|chicks|guys|men)\\s+${WORDS(2)}(?:in|near|around|from)\\s+(?:your|ur|you)\\b`,
      ),
      rule(
        3,
        `\\b(?:meet|find|date|chat\\s+with|fuck|bang)\\s+(?:[a-z]+\\s+)?(?:sexy|hot|lonely|horny|local|real|single|beautiful|naughty)\\s+(?:[a-z]+\\s+)?(?:singles?|girls?|women|ladies|milfs?|moms|babes)\\b`,
      ),
      rule(
        2.5,
        `\\b(?:dating|hookup|hook-up|sex|adult|cam|webcam|escort|swinger)\\s+(?:site|website|web\\s+site|app|chat|service|page|profile)s?\\b`,
      ),
      rule(
        2.5,
        `\\b(?:my|see\\s+my|check\\s+my)\\s+(?:private|sexy|hot|nude|naked|intimate)\\s+(?:photos?|pics?|videos?|profile|pictures?)\\b|\\bsend(?:ing)?\\s+(?:you\\s+)?nudes\\b|\\bsugar\\s+(?:daddy|daddies|mommy|baby)\\b|\\b(?:looking\\s+for|want)\\s+(?:a\\s+)?(?:hookup|hook-up|sex\\s+partner|fwb|one\\s+night\\s+stand)\\b`,
      ),
    ],
  },
  {
    code: 'crypto_offer',
    label: 'Crypto or investment pitch',
    rules: [
      rule(2.5, `\\b${CRYPTO}${GAP}${GAIN}\\b|\\b${GAIN}${GAP}${CRYPTO}\\b`),
      rule(3, `\\b(?:guaranteed|steady)\\s+(?:profits?|returns?|income|payouts?|roi)\\b`),
      rule(
        2.5,
        `\\b(?:daily|weekly|monthly)\\s+(?:profits?|returns?|payouts?|roi)\\b|\\b\\d{1,4}\\s?%\\s+(?:profit|returns?|roi)\\b`,
      ),
      rule(
        2.5,
        `\\b(?:account\\s+manager|(?:crypto|bitcoin|btc|forex|trading|investment|recovery|binary)\\s+(?:expert|manager|mentor|hacker|specialist|coach))\\b`,
      ),
      rule(
        2.5,
        `\\binvest(?:ed|ing)?\\s+(?:[a-z]+\\s+)?${MONEY}[^.!?\\n]{0,60}\\b(?:got|get|received|earn(?:ed)?|made|profit|return)`,
      ),
    ],
  },
  {
    code: 'commercial_spam',
    label: 'Pills, loans, casinos and other classic spam goods',
    rules: [
      rule(
        3,
        `\\b(?:viagra|cialis|levitra|kamagra|tramadol|xanax|valium|oxycodone|oxycontin|phentermine|adderall|ambien|propecia|hydrocodone)\\b|\\b(?:online|cheap|discount|canadian)\\s+(?:pharmacy|drugs|meds|pills|casino|slots|poker|betting)\\b|\\breplica\\s+(?:watches|handbags|bags|rolex|designer)\\b|\\bbuy\\s+(?:cheap\\s+|real\\s+|instagram\\s+|youtube\\s+|tiktok\\s+)?(?:followers|likes|views|subscribers|reviews|backlinks)\\b|\\b(?:male|penis)\\s+(?:enhancement|enlargement)\\b`,
      ),
      rule(
        2.5,
        `\\b(?:payday|cash|instant|fast)\\s+loans?\\b|\\b(?:essay|paper|homework|assignment)\\s+(?:writing|writers?)\\s+(?:service|services|company)\\b|\\b(?:write|do)\\s+my\\s+(?:essay|paper|homework|assignment)\\b|\\bseo\\s+(?:services?|company|agency|expert|backlinks?)\\b|\\b(?:weight\\s+loss|diet|slimming|keto)\\s+(?:pills?|supplements?|capsules|gummies)\\b|\\bcheap\\s+(?:[a-z]+\\s+)?(?:jerseys|uggs|nikes?|jordans|oakleys|ray-?bans|handbags|watches|pills|meds)\\b`,
      ),
      rule(1, `\\b(?:casino|poker|slots|bookmaker|jackpot)\\b`),
    ],
  },
  {
    code: 'piracy_offer',
    label: 'Offers free movies or downloads',
    rules: [
      rule(
        2.5,
        `\\b(?:watch|download|stream|enjoy)(?:ing)?\\s+${WORDS(4)}(?:full|whole|complete|entire)\\s+(?:[a-z]+\\s+)?(?:movie|film|episode|season|album)s?\\b`,
      ),
      rule(
        2.5,
        `\\b(?:full|whole|complete|entire)\\s+(?:[a-z]+\\s+)?(?:movie|film|episode|season)s?\\s+${WORDS(4)}(?:online|free|download|streaming|1080p|720p)\\b`,
      ),
      rule(
        2.5,
        `\\b(?:watch|download|stream|view)(?:ing)?\\s+${WORDS(3)}(?:movies?|films?|episodes?|it|this)\\s+${WORDS(2)}(?:online\\s+)?(?:for\\s+)?free\\b`,
      ),
      rule(
        2.5,
        `\\b(?:free|hd)\\s+(?:movies?|films?)\\s+(?:online|streaming|download|site)\\b|\\bdownload\\s+(?:this|the|full|all)\\s+(?:[a-z]+\\s+)?(?:movies?|films?|albums?)\\b|\\bleeched\\b|\\b(?:720p|1080p)\\s+(?:hd\\s+)?(?:ts|cam|brrip|webrip|mediafire|torrent)\\b`,
      ),
    ],
  },
  {
    code: 'premium_sms',
    label: 'Text-to-shortcode or premium-rate pitch',
    rules: [
      rule(
        3,
        `\\b(?:text|txt|send|sms|reply)\\s+${WORDS(2)}(?:to|2)\\s+\\d{4,6}\\b|\\b\\d{1,3}p\\s*(?:\\/|per|a)\\s*(?:min|minute|msg|message|txt|text|sms|wk|week|call)\\b|\\b(?:stop|unsubscribe|opt\\s?out)\\s+(?:[a-z]+\\s+)?(?:to|2)\\s+\\d{4,6}\\b`,
      ),
      rule(1.5, `\\bt\\s?&\\s?cs?\\b|\\b(?:txt|text)\\s+(?:stop|win|yes)\\b`),
    ],
  },
  {
    code: 'urgency',
    label: 'Sales pressure',
    rules: [
      rule(
        1.5,
        `\\b(?:act\\s+now|limited\\s+(?:time|offer|spots)|don['’]?t\\s+miss\\s+(?:out|this)|expires?\\s+(?:today|soon|tonight)|only\\s+\\d+\\s+(?:left|spots|places|remaining)|last\\s+chance|risk[\\s-]free|no\\s+(?:catch(?:es)?|strings\\s+attached|credit\\s+card|surveys?)|100\\s?%\\s+(?:legit|guaranteed|working|safe|real)|it\\s+really\\s+works|no\\s+regrets?|(?:order|buy|apply|sign\\s+up|register|join)\\s+(?:now|today)|while\\s+(?:stocks|supplies)\\s+last)\\b`,
      ),
    ],
  },
];
