import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readTrace } from "../../../src/cli/read-trace.js";
import { parseNodeList, parsePodList, TraceError } from "../../../src/planner/simulate/index.js";
import { FIXTURE_DIR } from "./helpers.js";

describe("trace reader", () => {
  it("reads the node and pod lists of a trace directory", async () => {
    const trace = await readTrace(FIXTURE_DIR);
    expect(trace.nodes).toHaveLength(3);
    expect(trace.nodes[1]).toEqual({ name: "node-b", cpuMilli: 96000, memoryMib: 393216, gpus: 8, model: "G2" });
    expect(trace.pods).toHaveLength(5);
    expect(trace.pods[0]).toMatchObject({ name: "pod-0", numGpu: 1, gpuMilli: 500, gpuSpec: [] });
    expect(trace.pods[2]).toMatchObject({ numGpu: 0, gpuMilli: 0 });
    expect(trace.pods[3]?.gpuSpec).toEqual(["T4", "G2"]);
  });

  it("names the file, line and column of a bad value", async () => {
    await expect(readTrace(FIXTURE_DIR, { podList: "bad_pod_list.csv" })).rejects.toThrow(
      /bad_pod_list\.csv:3:12: column "memory_mib": expected a non-negative integer, found "lots"/,
    );
  });

  it("names a missing column", () => {
    const text = "sn,cpu_milli,gpu,model\nnode-a,32000,2,T4\n";
    try {
      parseNodeList(text, "nodes.csv");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TraceError);
      expect((e as TraceError).line).toBe(1);
      expect((e as Error).message).toMatch(/nodes\.csv:1:1: missing column "memory_mib"/);
    }
  });

  it("rejects shared multi-GPU pods and short rows", () => {
    const header = "name,cpu_milli,memory_mib,num_gpu,gpu_milli\n";
    expect(() => parsePodList(`${header}p,1000,10,2,500\n`, "p.csv")).toThrow(/p\.csv:2:\d+: .*whole GPUs/);
    expect(() => parsePodList(`${header}p,1000,10\n`, "p.csv")).toThrow(/p\.csv:2:\d+: column "num_gpu" is missing/);
  });

  it("reports a missing directory with its path", async () => {
    await expect(readTrace(join(FIXTURE_DIR, "nope"))).rejects.toThrow(/nope/);
  });
});
