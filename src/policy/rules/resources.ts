/**
 * Resource rules (AIP21x): every container of a GPU pod or of a team namespace sets CPU and memory requests and
 * limits; GPU requests equal limits (extended resources cannot be overcommitted:
 * https://kubernetes.io/docs/tasks/manage-gpus/scheduling-gpus/); a pod fits the pool's largest instance.
 */
import { GIB, parseQuantity } from "../../workloads/quantity.js";
import { gpuResources, isGpuPod, type PodView } from "../pods.js";
import { selectedPool } from "../selection.js";
import { type PodRule, type PolicyContext, pointer, type RuleHit } from "../types.js";

const BASIC = ["cpu", "memory"] as const;

function inScope(pod: PodView, ctx: PolicyContext): boolean {
  return isGpuPod(pod) || (pod.namespace !== undefined && ctx.teamNamespaces.has(pod.namespace));
}

const requestsAndLimits: PodRule = {
  id: "AIP210",
  title: "CPU and memory requests and limits set (GPU limits too)",
  severity: "error",
  check(pod, ctx) {
    if (!inScope(pod, ctx)) return [];
    const hits: RuleHit[] = [];
    for (const c of pod.containers) {
      const req = c.resources.requests ?? {};
      const lim = c.resources.limits ?? {};
      const missing: string[] = [];
      for (const r of BASIC) {
        if (req[r] === undefined && lim[r] === undefined) missing.push(`requests.${r}`, `limits.${r}`);
        else if (req[r] === undefined) missing.push(`requests.${r}`);
        else if (lim[r] === undefined) missing.push(`limits.${r}`);
      }
      for (const r of gpuResources(c).keys()) if (lim[r] === undefined) missing.push(`limits.${r}`);
      if (missing.length === 0) continue;
      // Mechanical fix only when one side is complete: copy it to the other (Guaranteed QoS).
      const patch = [];
      const hasAll = (m: Record<string, unknown>) => BASIC.every((r) => m[r] !== undefined);
      if (hasAll(req) && missing.every((m) => m.startsWith("limits.")))
        patch.push({
          op: c.resources.limits ? "replace" : "add",
          path: pointer([...c.paths.resources, "limits"]),
          value: { ...lim, ...req },
        } as const);
      else if (hasAll(lim) && missing.every((m) => m.startsWith("requests.")))
        patch.push({
          op: c.resources.requests ? "replace" : "add",
          path: pointer([...c.paths.resources, "requests"]),
          value: { ...req, ...lim },
        } as const);
      hits.push({
        path: c.paths.resources,
        message: `container ${c.name} sets no ${missing.join(", ")}`,
        fix: "set CPU and memory requests and limits (equal for Guaranteed QoS), and GPU limits",
        ...(patch.length ? { patch } : {}),
      });
    }
    return hits;
  },
};

const gpuRequestsEqualLimits: PodRule = {
  id: "AIP211",
  title: "GPU requests equal limits",
  severity: "error",
  check(pod) {
    return pod.containers.flatMap((c) =>
      [...gpuResources(c).keys()].flatMap((r) => {
        const req = c.resources.requests?.[r];
        const lim = c.resources.limits?.[r];
        if (req === undefined || lim === undefined || String(req) === String(lim)) return [];
        return [
          {
            path: [...c.paths.resources, "requests", r],
            message: `container ${c.name} requests ${String(req)} ${r} but limits ${String(lim)}`,
            fix: "set requests equal to limits",
            found: req,
            patch: [{ op: "replace", path: pointer([...c.paths.resources, "requests", r]), value: lim }],
          },
        ];
      }),
    );
  },
};

const fitsInstance: PodRule = {
  id: "AIP212",
  title: "a pod's requests fit the selected pool's largest instance",
  severity: "error",
  check(pod, ctx) {
    const pool = selectedPool(pod, ctx)?.pool;
    if (pool === undefined) return [];
    const maxCpu = Math.max(...pool.capacity.map((n) => n.vCpu));
    const maxMem = Math.max(...pool.capacity.map((n) => n.memoryGiB)) * GIB;
    const app = pod.containers.filter((c) => !c.init);
    const sum = (r: string) =>
      app.reduce((s, c) => s + (parseQuantity(c.resources.requests?.[r] ?? c.resources.limits?.[r]) ?? 0), 0);
    const hits: RuleHit[] = [];
    const path = app[0]?.paths.resources ?? pod.specPath;
    if (sum("cpu") > maxCpu)
      hits.push({
        path,
        message: `requests ${sum("cpu")} CPUs; ${pool.name}'s largest instance has ${maxCpu}`,
        fix: `request at most ${maxCpu} CPUs`,
      });
    if (sum("memory") > maxMem)
      hits.push({
        path,
        message: `requests ${Math.round(sum("memory") / GIB)} GiB of memory; ${pool.name}'s largest instance has ${maxMem / GIB} GiB`,
        fix: `request at most ${maxMem / GIB}Gi`,
      });
    const offered = pool.capacity[0]?.resources ?? {};
    const gpus = new Map<string, number>();
    for (const c of app) for (const [r, n] of gpuResources(c)) gpus.set(r, (gpus.get(r) ?? 0) + n);
    for (const [r, n] of gpus)
      if (offered[r] !== undefined && n > offered[r]!)
        hits.push({
          path,
          message: `requests ${n} ${r}; a ${pool.name} node offers ${offered[r]}`,
          fix: `request at most ${offered[r]}`,
        });
    return hits;
  },
};

/** The resource rules, in ID order. */
export const RESOURCE_RULES: readonly PodRule[] = [requestsAndLimits, gpuRequestsEqualLimits, fitsInstance];
