/**
 * Multi-dimensional bin packing of pods onto identical nodes: first-fit decreasing on the pod's largest share of a
 * node, with the volume bound (the largest total demand over any dimension, in whole nodes) as the lower bound.
 */

/** One pod's needs in the node's dimensions (same order as the capacity vector). */
export interface PackItem {
  readonly id: string;
  readonly size: readonly number[];
}

/** Where each pod went. */
export interface Packing {
  /** Pods per node, by node index. */
  readonly nodes: readonly (readonly string[])[];
  /** What each node has used, per dimension. */
  readonly used: readonly (readonly number[])[];
  /** Pods that fit on no empty node. */
  readonly tooLarge: readonly string[];
  /** Volume lower bound on the node count. */
  readonly lowerBound: number;
}

/** Packs `items` onto nodes of `capacity` (one number per dimension). */
export function pack(items: readonly PackItem[], capacity: readonly number[]): Packing {
  const dims = capacity.length;
  const share = (s: readonly number[]) =>
    Math.max(0, ...s.map((v, d) => (capacity[d]! > 0 ? v / capacity[d]! : v > 0 ? Number.POSITIVE_INFINITY : 0)));
  const fitsEmpty = (s: readonly number[]) => s.every((v, d) => v <= capacity[d]! + 1e-9);
  const order = items.map((item, i) => ({ item, i, key: share(item.size) })).sort((a, b) => b.key - a.key || a.i - b.i);
  const nodes: string[][] = [];
  const used: number[][] = [];
  const tooLarge: string[] = [];
  const totals = new Array<number>(dims).fill(0);
  const firstCandidate = new Map<string, number>();
  for (const { item } of order) {
    if (!fitsEmpty(item.size)) {
      tooLarge.push(item.id);
      continue;
    }
    item.size.forEach((v, d) => {
      totals[d]! += v;
    });
    let placed = false;
    // Exact first-fit, faster: a pod identical to an earlier one cannot fit any node before the one that took the
    // earlier pod (those nodes refused it then and have only filled up since), so its search starts there.
    const key = item.size.join(",");
    for (let n = firstCandidate.get(key) ?? 0; n < nodes.length && !placed; n++) {
      const u = used[n]!;
      if (item.size.every((v, d) => u[d]! + v <= capacity[d]! + 1e-9)) {
        item.size.forEach((v, d) => {
          u[d]! += v;
        });
        nodes[n]!.push(item.id);
        placed = true;
        firstCandidate.set(key, n);
      }
    }
    if (!placed) {
      firstCandidate.set(key, nodes.length);
      nodes.push([item.id]);
      used.push([...item.size]);
    }
  }
  const lowerBound = Math.max(0, ...totals.map((t, d) => (capacity[d]! > 0 ? Math.ceil(t / capacity[d]! - 1e-9) : 0)));
  return { nodes, used, tooLarge, lowerBound };
}
