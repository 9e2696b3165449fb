/** What SUMMARY.md says about the `gpu-packing` scheduler profile: what it approximates, and what it cannot do. */
import type { PlatformModel } from "../../model/index.js";
import { GPU_PACKING_SCHEDULER_NAME, gpuResources } from "./profile.js";

/**
 * The SUMMARY.md section (Markdown) for the scheduler profile, or undefined when the spec does not enable it.
 * Figures are the fragmentation benchmark's (`npm run bench:fragmentation`, Alibaba GPU-sharing trace, 6,212 GPUs,
 * pods padded to 130% of capacity, FGD paper's protocol).
 */
export function schedulingSummary(model: PlatformModel): string | undefined {
  if (!model.scheduling.gpuPackingProfile) return undefined;
  return [
    "## Scheduling: the `gpu-packing` profile",
    "",
    `A second kube-scheduler (\`k8s/scheduling/\`, Deployment \`gpu-packing-scheduler\` in kube-system) runs the profile \`${GPU_PACKING_SCHEDULER_NAME}\`. A GPU workload opts in with \`spec.schedulerName: ${GPU_PACKING_SCHEDULER_NAME}\`; every other pod keeps the default scheduler.`,
    "",
    `- **What it approximates**: best-fit GPU packing with CPU balance. \`NodeResourcesFit\` scores nodes \`MostAllocated\` with ${gpuResources(model).join(", ")} weighted 5 against cpu and memory 1, so a pod goes to the node whose GPUs are already the fullest and whole nodes stay free for multi-GPU pods; \`NodeResourcesBalancedAllocation\` on cpu and nvidia.com/gpu prefers, among equally packed nodes, the one whose CPU and GPU use stay in proportion, so fewer GPUs sit idle on CPU-exhausted nodes.`,
    "- **How good that is**: in the fragmentation benchmark, best-fit packing leaves about 430 of 6,212 GPUs unallocated at 130% load. FGD (about 286) and this project's policy (about 247: FGD's measure, plus a reserve of untouched 8-GPU nodes and a preference for shared-GPU remainders that later pods can fill) do better because they score against the expected workload mix and the cluster's state as a whole, which no in-tree plugin can express: this profile is best-fit with CPU balance, not FGD.",
    "- **What it cannot do**: the scheduler picks a node, never a GPU. For a time-sliced or MPS replica (`nvidia.com/gpu` with sharing), the NVIDIA device plugin chooses the physical GPU on the node, so replicas may crowd one GPU while another idles; MIG slices are fixed by the node's mig-parted layout. Fragmentation inside a node is therefore out of the profile's reach, and fractional GPU shares (the trace's `gpu_milli`) do not exist as Kubernetes resources at all.",
    "",
  ].join("\n");
}
