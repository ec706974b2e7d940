/**
 * Adversarial comments of about the length checks read (MAX_CHECKED_CHARS): long runs that a
 * careless regular expression rescans from every offset. bench/worst-case.ts times every check on
 * them; the checks' unit tests assert what each yields.
 */
export const ADVERSARIAL = {
  'letters, dots and spaced-out words': [
    'f u c k '.repeat(500),
    'a'.repeat(5000),
    's*'.repeat(2000),
    'x.'.repeat(2000),
  ].join(' '),
  'links and link look-alikes': [
    'a'.repeat(4000),
    '.'.repeat(4000),
    'www.'.repeat(500),
    'http://x.com/ '.repeat(200),
    'a.b'.repeat(1000),
    'x dot '.repeat(300),
  ].join(' '),
  'shouting, emoji, digits and pitches': [
    'a'.repeat(3000),
    '!'.repeat(2000),
    '😂'.repeat(1000),
    'www.x.com/ '.repeat(300),
    'buy buy buy '.repeat(200),
    '1 2 3 4 5 6 7 8 9 0 '.repeat(100),
    'free free free money '.repeat(100),
    'check out my '.repeat(200),
  ].join(' '),
  'dotted labels': 'a.'.repeat(10_000),
  'hyphenated labels': `${'a-'.repeat(9_000)}.com`,
  'HTML entities': '&amp;'.repeat(4_000),
  'full-width letters': 'ｗ'.repeat(20_000),
} satisfies Record<string, string>;
