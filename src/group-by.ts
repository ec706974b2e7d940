/**
 * Items grouped by a key, each group in arrival order, groups in the order their keys first came
 * (what Map.groupBy does from Node 21 on; this service runs on 20).
 */
export function groupBy<T, K>(items: Iterable<T>, keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
