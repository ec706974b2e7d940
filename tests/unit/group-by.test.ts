import { groupBy } from '../../src/group-by';

describe('groupBy', () => {
  it('groups items by key, groups in the order their keys first came and items in arrival order', () => {
    const items = [
      { site: 'b', id: 1 },
      { site: 'a', id: 2 },
      { site: 'b', id: 3 },
      { site: 'c', id: 4 },
      { site: 'a', id: 5 },
    ];
    const groups = groupBy(items, (item) => item.site);
    expect([...groups].map(([site, group]) => [site, group.map((item) => item.id)])).toEqual([
      ['b', [1, 3]],
      ['a', [2, 5]],
      ['c', [4]],
    ]);
  });

  it('takes any iterable, and gives an empty map for no items', () => {
    expect([...groupBy([3, 4, 5].keys(), (i) => i % 2)]).toEqual([
      [0, [0, 2]],
      [1, [1]],
    ]);
    expect(groupBy([], () => 'x').size).toBe(0);
  });
});
