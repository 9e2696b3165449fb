/** `render(workload, placement, model)`: the Kubernetes objects of a placed workload, as typed objects. */
import type { KubeObject } from "../../k8s/types.js";
import type { PlatformModel } from "../../model/types.js";
import type { Placement } from "../place.js";
import type { Workload } from "../schema.js";
import { renderAgent } from "./agent.js";
import { renderBatch } from "./batch.js";
import { renderInference } from "./inference.js";
import { renderTraining } from "./training.js";

export { SERVICE_PORT, serverArgs } from "./inference.js";
export { GPU_MEMORY_ANNOTATION, GPU_MEMORY_FRACTION_ENV, GPU_MEMORY_MIB_ENV, WORKLOAD_LABEL } from "./pod.js";
export { CHECKPOINT_DIR_ENV, TORCH_RUNTIME } from "./training.js";

/** Renders a placed workload. Deterministic: the same input gives the same objects in the same order. */
export function render(w: Workload, p: Placement, model: PlatformModel): KubeObject[] {
  switch (w.kind) {
    case "TrainingJob":
      return renderTraining(w, p, model);
    case "InferenceService":
      return renderInference(w, p, model);
    case "BatchInference":
      return renderBatch(w, p);
    case "Agent":
      return renderAgent(w, p, model);
  }
}
