/** Training: the torch-distributed runtime validates against the Trainer CRD; operators per spec. */
import { describe, expect, it } from "vitest";
import { renderTraining, torchDistributedRuntime, trainingApplications } from "../../../src/k8s/training/index.js";
import { defaultModel, modelOf } from "../../support/platforms.js";
import { expectValid } from "../../support/schema.js";

const model = defaultModel();
const withTraining = (training: string) =>
  modelOf(`apiVersion: eks-ai-platform/v1alpha1\nkind: Platform\nspec:\n  training: ${training}\n`);

describe("training", () => {
  it("the ClusterTrainingRuntime validates against shared/crds/trainer and runs torchrun", () => {
    const runtime = torchDistributedRuntime();
    expectValid(runtime);
    expect(JSON.stringify(runtime)).toContain('"torchrun"');
    expect((runtime.spec as any).mlPolicy.torch.numProcPerNode).toBe("auto");
  });

  it("installs Trainer v2 and Katib by default, the Training Operator only for TensorFlow or PyTorchJob", () => {
    expect(trainingApplications(model).map((a) => a.name)).toEqual(["trainer", "katib"]);
    expect(trainingApplications(withTraining("{ tensorflow: true, katib: false }")).map((a) => a.name)).toEqual([
      "trainer",
      "training-operator",
    ]);
  });

  it("hands the upstream namespace to tenancy and validates as Applications", () => {
    for (const a of renderTraining(model).applications) {
      expectValid(a.application);
      const patches = (a.application.spec as any).source.kustomize.patches as {
        target: { kind: string };
        patch: string;
      }[];
      expect(JSON.parse(patches.find((p) => p.target.kind === "Namespace")!.patch).$patch).toBe("delete");
    }
  });
});
