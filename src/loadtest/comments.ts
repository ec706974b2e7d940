import { createRandom } from '../moderation/hashing';

/**
 * Comment texts for the bench and the load tool, varied the way real comments are: every text draws its own words,
 * so the near-duplicate index sees mostly distinct texts, as it would on a real site. Out of every
 * 50: 36 clean, 6 profane (some in leetspeak), 6 full of links, 2 copies of one spam campaign.
 */

const words = (
  'the a and of to in is it that for on was with as be this have are not but at by from they we ' +
  'you all would there their what so up out if about who get which go me when make can like time ' +
  'just him know take people into year your good some could them see other than then now look only ' +
  'come its over think also back after use two how our work first well way even new want because ' +
  'any these give day most us council budget street library school harbour photo article writer ' +
  'story traffic bike lane parking mayor vote tax rent housing bus train bridge park weather storm ' +
  'flood summer winter market price coffee bakery festival concert museum teacher nurse doctor ' +
  'hospital police fire station road repair election candidate debate policy report data chart ' +
  'survey number percent million money business shop closed opened neighbour family children ' +
  'grandmother memory history river lake forest trail dog cat garden tree water power energy ' +
  'solar wind plan future project committee meeting decision question answer agree disagree ' +
  'interesting great terrible honest fair wrong right true false clear confusing helpful thanks'
).split(' ');
const profane = ['shit', 'fuck', 'bastard', 'asshole', 'sh1t', 'f u c k', 'a$$hole', 'bullshit'];
const campaign =
  'Make money from home!!! I earn $500 a day with this simple trick, visit https://bit.ly/3xYz now ' +
  'and www.cheap-pills.example.com for the best deals, limited offer, act now before it ends today';

/** The i-th comment text, `length` characters long. */
export function commentText(i: number, length: number): string {
  const kind = i % 50;
  if (kind >= 48) return campaign.slice(0, length);
  const next = createRandom(i + 1);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const parts: string[] = [];
  let size = 0;
  while (size < length) {
    const slot = parts.length;
    const part =
      kind >= 36 && kind < 42 && slot % 9 === 4
        ? pick(profane)
        : kind >= 42 && slot % 8 === 3
          ? `https://${pick(words)}-${Math.floor(next() * 1e4)}.example/${pick(words)}`
          : pick(words);
    parts.push(part);
    size += part.length + 1;
  }
  const text = parts.join(' ');
  return (text.charAt(0).toUpperCase() + text.slice(1)).slice(0, length - 1) + '.';
}

/** A POST /v1/comments body with the site's comment id `id` and `length` characters of content. */
export function commentBody(id: string, i: number, length = 150): string {
  return JSON.stringify({
    id,
    content: commentText(i, length),
    author: { id: `reader-${i % 997}`, name: `Reader ${i % 997}` },
    thread: { id: `article-${i % 31}` },
  });
}
