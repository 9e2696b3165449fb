// The dead-room key of our policy (shared pods avoid leaving remainders only the rare small pods can fill).
import { describe, expect, it } from "vitest";
import { Cluster, type TargetType } from "../../../src/planner/simulate/index.js";
import { cheapestRoomGpu, roomCost } from "../../../src/planner/simulate/policies/dead-room.js";
import { createOursPolicy, DEFAULT_DEAD_ROOM } from "../../../src/planner/simulate/policies/ours.js";
import { createRng } from "../../../src/planner/simulate/prng.js";
import { node, pod } from "./helpers.js";

describe("roomCost", () => {
  it.each([
    [0, 0],
    [30, 3],
    [90, 9],
    [210, 21],
    [220, 10], // live: a 220-milli pod still fits, cost is the flat 100 milli
    [680, 10],
  ])("leaving %i milli costs %i quanta", (room, cost) => {
    expect(roomCost(room, DEFAULT_DEAD_ROOM)).toBe(cost);
  });
});

describe("cheapestRoomGpu", () => {
  it("puts a 320-milli pod where it leaves 30 milli, not 90 (dead) or 680 (live, cost 100)", () => {
    const cluster = new Cluster([node("a", 3)]);
    const [u0, u1, p] = cluster.prepare([pod("u0", 1, 590), pod("u1", 1, 650), pod("p", 1, 320)]);
    cluster.place(u0!, { node: 0, gpus: [0] }); // 410 left
    cluster.place(u1!, { node: 0, gpus: [1] }); // 350 left
    expect(cheapestRoomGpu(cluster, 0, p!, DEFAULT_DEAD_ROOM)).toEqual({ gpu: 1, cost: 3 });
  });

  it("reports no GPU when none has room", () => {
    const cluster = new Cluster([node("a", 1)]);
    const [u0, p] = cluster.prepare([pod("u0", 1, 810), pod("p", 1, 320)]);
    cluster.place(u0!, { node: 0, gpus: [0] });
    expect(cheapestRoomGpu(cluster, 0, p!, DEFAULT_DEAD_ROOM).gpu).toBe(-1);
  });
});

describe("ours with the dead-room key", () => {
  // node a: one GPU with 410 milli left; node b: one GPU with 350 left; target: whole-GPU pods only, so both rooms
  // are all fragment and a 320-milli pod lowers fragmentation by 320 on either node (same score). The CPU balance
  // prefers a (its CPU and GPU shares left stay closer); the dead-room key prefers b (30 milli left instead of 90).
  const nodes = [node("a", 1), node("b", 1)];
  const target: TargetType[] = [{ cpuMilli: 1000, gpuMilli: 1000, numGpu: 1, gpuSpec: [], freq: 1 }];
  const decide = (deadRoom: typeof DEFAULT_DEAD_ROOM | null) => {
    const cluster = new Cluster(nodes);
    const reqs = cluster.prepare([pod("u0", 1, 590), pod("u1", 1, 650), pod("p", 1, 320)]);
    cluster.place(reqs[0]!, { node: 0, gpus: [0] });
    cluster.place(reqs[1]!, { node: 1, gpus: [0] });
    const rank = Int32Array.from(nodes, (_, i) => i);
    const policy = createOursPolicy({ deadRoom, reserve: null });
    return policy({ cluster, rng: createRng(1), rank, target, typeCount: reqs.length }).choose(reqs[2]!);
  };

  it("without it, the CPU balance decides", () => {
    expect(decide(null)).toEqual({ node: 0, gpus: [0] });
  });

  it("with it, the pod leaves the smaller dead room", () => {
    expect(decide(DEFAULT_DEAD_ROOM)).toEqual({ node: 1, gpus: [0] });
  });
});
