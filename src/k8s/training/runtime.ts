/**
 * The `torch-distributed` ClusterTrainingRuntime of Kubeflow Trainer v2 (`trainer.kubeflow.org/v1alpha1`): a JobSet
 * of `numNodes` pods each running `torchrun` with one process per GPU; Trainer injects the torchrun rendezvous
 * (`PET_*` environment) from `mlPolicy.torch`. TrainJobs select it with `runtimeRef`; placement adds the pool's
 * node selector, tolerations and GPU requests per job. https://www.kubeflow.org/docs/components/trainer/operator-guides/runtime/
 */
import { IMAGES } from "../../catalog/index.js";
import { baseLabels } from "../base-meta.js";
import type { KubeObject } from "../types.js";

/** Name of the PyTorch runtime TrainJobs reference. */
export const TORCH_RUNTIME = "torch-distributed";

/** The runtime. */
export function torchDistributedRuntime(): KubeObject {
  return {
    apiVersion: "trainer.kubeflow.org/v1alpha1",
    kind: "ClusterTrainingRuntime",
    metadata: {
      name: TORCH_RUNTIME,
      labels: { ...baseLabels("training"), "trainer.kubeflow.org/framework": "torch" },
    },
    spec: {
      mlPolicy: { numNodes: 1, torch: { numProcPerNode: "auto" } },
      template: {
        spec: {
          replicatedJobs: [
            {
              name: "node",
              template: {
                // Tells Trainer this job runs the trainer step: it injects torchrun's settings here.
                metadata: { labels: { "trainer.kubeflow.org/trainjob-ancestor-step": "trainer" } },
                spec: {
                  template: {
                    spec: {
                      containers: [
                        {
                          name: "node",
                          image: IMAGES.pytorch,
                          command: ["torchrun"],
                          // NCCL and DataLoader workers share memory through /dev/shm, 64 MiB by default in a pod.
                          volumeMounts: [{ name: "dshm", mountPath: "/dev/shm" }],
                        },
                      ],
                      volumes: [{ name: "dshm", emptyDir: { medium: "Memory" } }],
                    },
                  },
                },
              },
            },
          ],
        },
      },
    },
  };
}
