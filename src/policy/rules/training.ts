/**
 * Spot rules for jobs (AIP23x): a job that may run on spot is interrupted with a 2-minute notice
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/spot-instance-termination-notices.html): it needs a checkpoint
 * volume to resume from, and a grace period long enough to write it.
 */
import { SPOT_INTERRUPTION_NOTICE_SECONDS } from "../../catalog/serving.js";
import type { PodView } from "../pods.js";
import { workloadTypeLabel } from "../pods.js";
import { mayRunOnSpot, selectedPool } from "../selection.js";
import { type PodRule, type PolicyContext, pointer } from "../types.js";

const TRAINING = new Set(["training", "fine-tuning", "research", "development"]);

function spotTraining(pod: PodView, ctx: PolicyContext): boolean {
  const type = workloadTypeLabel(pod);
  return pod.isJob && type !== undefined && TRAINING.has(type) && mayRunOnSpot(pod, selectedPool(pod, ctx)?.pool);
}

const checkpointVolume: PodRule = {
  id: "AIP230",
  title: "spot training mounts a checkpoint volume",
  severity: "error",
  check(pod, ctx) {
    if (!spotTraining(pod, ctx)) return [];
    const volumes = Array.isArray(pod.spec.volumes) ? (pod.spec.volumes as Record<string, unknown>[]) : [];
    const claims = new Set(volumes.filter((v) => v.persistentVolumeClaim !== undefined).map((v) => v.name));
    const mounted = pod.containers.some((c) => (c.volumeMounts ?? []).some((m) => claims.has(m.name)));
    if (mounted) return [];
    return [
      {
        path: [...pod.specPath, "volumes"],
        message: "training that may run on spot mounts no persistent volume to checkpoint to",
        fix: "mount a PersistentVolumeClaim (efs or io2) and save checkpoints there, or require on-demand capacity",
      },
    ];
  },
};

const gracePeriod: PodRule = {
  id: "AIP231",
  title: "spot training has a termination grace period covering the 2-minute notice",
  severity: "error",
  check(pod, ctx) {
    if (!spotTraining(pod, ctx)) return [];
    const g = pod.spec.terminationGracePeriodSeconds;
    if (typeof g === "number" && g >= SPOT_INTERRUPTION_NOTICE_SECONDS) return [];
    const path = [...pod.specPath, "terminationGracePeriodSeconds"];
    return [
      {
        path,
        message: `terminationGracePeriodSeconds ${g === undefined ? "unset (30)" : String(g)} is shorter than the ${SPOT_INTERRUPTION_NOTICE_SECONDS} s spot notice`,
        fix: `set terminationGracePeriodSeconds: ${SPOT_INTERRUPTION_NOTICE_SECONDS}`,
        ...(g === undefined ? {} : { found: g }),
        patch: [
          { op: g === undefined ? "add" : "replace", path: pointer(path), value: SPOT_INTERRUPTION_NOTICE_SECONDS },
        ],
      },
    ];
  },
};

/** The spot training rules, in ID order. */
export const TRAINING_RULES: readonly PodRule[] = [checkpointVolume, gracePeriod];
