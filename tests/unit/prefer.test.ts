import { MAX_PREFER_WAIT_SECONDS, parsePreferWait } from '../../src/http/prefer';

describe('parsePreferWait', () => {
  it.each<[string | string[] | undefined, number | null]>([
    [undefined, null],
    ['', null],
    ['wait=5', 5],
    ['WAIT=3', 3],
    ['wait = 4', 4],
    ['wait="7"', 7],
    ['respond-async, wait=2', 2],
    ['return=minimal; foo=bar, wait=1', 1],
    [['respond-async', 'wait=9'], 9],
    ['wait=3, wait=8', 3],
    ['wait=10', 10],
    ['wait=11', MAX_PREFER_WAIT_SECONDS],
    ['wait=99999999999999', null],
    ['wait=0', null],
    ['wait=-1', null],
    ['wait=1.5', null],
    ['wait=abc', null],
    ['wait', null],
    ['wait=', null],
    ['waiting=5', null],
    ['respond-async', null],
  ])('Prefer %j waits %j seconds', (header, seconds) => {
    expect(parsePreferWait(header)).toBe(seconds);
  });
});
