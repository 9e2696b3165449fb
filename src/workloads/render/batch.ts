/**
 * BatchInference -> an Indexed Job over the input set (one completion per shard), or a CronJob that creates it on a
 * schedule for off-peak runs. https://kubernetes.io/docs/concepts/workloads/controllers/job/#completion-mode
 */
import { SPOT_INTERRUPTION_NOTICE_SECONDS } from "../../catalog/serving.js";
import type { KubeObject } from "../../k8s/types.js";
import type { Placement } from "../place.js";
import type { BatchInference } from "../schema.js";
import { containerSecurityContext, envList, gpuEnv, objectMeta, podTemplate, resources, scratch } from "./pod.js";

/** The Job or CronJob of a batch inference. */
export function renderBatch(w: BatchInference, p: Placement): KubeObject[] {
  const s = scratch();
  const env = {
    ...w.spec.env,
    INPUT_URI: w.spec.input,
    OUTPUT_URI: w.spec.output,
    SHARDS: String(w.spec.shards),
    ...(w.spec.model ? { MODEL_URI: w.spec.model } : {}),
  };
  const interruptible = p.capacityType !== "on-demand";
  const jobSpec = {
    backoffLimit: w.spec.maxRetries,
    completions: w.spec.shards,
    parallelism: Math.min(w.spec.parallelism, w.spec.shards),
    // Each pod reads its shard from JOB_COMPLETION_INDEX.
    completionMode: "Indexed",
    // A spot interruption or preemption is retried without spending backoffLimit.
    podFailurePolicy: { rules: [{ action: "Ignore", onPodConditions: [{ type: "DisruptionTarget" }] }] },
    template: podTemplate(w, p, {
      restartPolicy: "Never",
      containers: [
        {
          name: "batch",
          image: w.spec.image,
          ...(w.spec.command ? { command: [...w.spec.command] } : {}),
          ...(w.spec.args.length > 0 ? { args: [...w.spec.args] } : {}),
          env: [...envList(env), ...s.env, ...gpuEnv(p)],
          resources: resources(w, p),
          securityContext: containerSecurityContext(),
          volumeMounts: [s.mount],
        },
      ],
      volumes: [s.volume],
      // On spot, the 2-minute notice is the time to flush partial output.
      ...(interruptible ? { terminationGracePeriodSeconds: SPOT_INTERRUPTION_NOTICE_SECONDS } : {}),
    }),
  };
  if (w.spec.schedule === undefined)
    return [{ apiVersion: "batch/v1", kind: "Job", metadata: objectMeta(w, p), spec: jobSpec }];
  return [
    {
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: objectMeta(w, p),
      spec: {
        schedule: w.spec.schedule,
        ...(w.spec.timeZone ? { timeZone: w.spec.timeZone } : {}),
        // Never two runs at once over the same input; a run missed by more than an hour waits for the next night.
        concurrencyPolicy: "Forbid",
        startingDeadlineSeconds: 3600,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: { metadata: { labels: objectMeta(w, p).labels }, spec: jobSpec },
      },
    },
  ];
}
