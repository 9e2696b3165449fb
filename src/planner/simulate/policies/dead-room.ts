/**
 * Dead rooms: the part of a GPU that a shared pod leaves free and that hardly any later pod can fill (our policy's
 * key for shared pods between the fragmentation score and the CPU balance).
 *
 * Why: FGD's measure counts any room below 1000 milli as mostly fragment, since whole-GPU pods dominate the target
 * workload, so a 320-milli pod leaving 90 milli (410-room GPU) and one leaving 30 (350-room GPU) score alike and,
 * in our coarse score buckets, tie; the CPU balance then picks either. In the trace, rooms below 220 milli take
 * only the pods of 190 milli or less (about 3% of shared pods), so such a remainder mostly stays idle, while a
 * larger room is usually filled later by a mid-size pod. Cost of leaving room r: r when r is dead, else a flat
 * `liveMilli` (the remainder a live room typically ends with), in steps of `quantumMilli`. Lower is better.
 */
import { type Cluster, MAX_GPUS, type PodRequest } from "../cluster.js";

/** Tunables of the dead-room key. */
export interface DeadRoomOptions {
  /** Rooms below this many milli-GPUs are dead. */
  belowMilli: number;
  /** Cost of leaving a live room, in milli-GPUs. */
  liveMilli: number;
  /** Resolution of the cost, in milli-GPUs. */
  quantumMilli: number;
}

/** Cost (in quanta) of leaving `room` milli-GPUs free on a GPU. */
export function roomCost(room: number, options: DeadRoomOptions): number {
  return Math.round((room < options.belowMilli ? room : options.liveMilli) / options.quantumMilli);
}

/**
 * The GPU of node i where shared `pod` leaves the cheapest room (among equal costs, the highest `score(k)`, then
 * the lowest index), or gpu -1 when no GPU has room for it.
 */
export function cheapestRoomGpu(
  cluster: Cluster,
  i: number,
  pod: PodRequest,
  options: DeadRoomOptions,
  score?: (k: number) => number,
): { gpu: number; cost: number } {
  const base = i * MAX_GPUS;
  let gpu = -1;
  let cost = Number.POSITIVE_INFINITY;
  let best = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < (cluster.gpuCount[i] as number); k++) {
    const room = cluster.gpuLeft[base + k] as number;
    if (room < pod.gpuMilli) continue;
    const c = roomCost(room - pod.gpuMilli, options);
    if (c > cost) continue;
    const s = score ? score(k) : 0;
    if (c < cost || s > best) {
      gpu = k;
      cost = c;
      best = s;
    }
  }
  return { gpu, cost };
}
