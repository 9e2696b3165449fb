/**
 * Synthesis of a whole platform into `<outRoot>/<name>/`: AWS cloud assembly, Kubernetes manifests with
 * kustomizations, Argo CD Applications, platform.json and SUMMARY.md, written atomically.
 */
import { join } from "node:path";
import { replaceDirAtomically, writeFiles } from "../emit/atomic.js";
import { toJson, toYaml } from "../emit/serialize.js";
import { type AwsSummary, renderSummary } from "../emit/summary.js";
import type { ComponentManifests, GitopsApplication } from "../k8s/types.js";
import type { PlatformModel } from "../model/index.js";

/** The emitters a synthesis runs; injected so tests and `--skip-aws` can leave one out. */
export interface Emitters {
  /** Synthesizes the AWS cloud assembly into `dir` and reports counts for the summary. */
  readonly aws?: (model: PlatformModel, dir: string) => AwsSummary | Promise<AwsSummary>;
  /** Renders the in-cluster manifests and Argo CD Applications. */
  readonly kubernetes?: (model: PlatformModel) => {
    readonly manifests: readonly ComponentManifests[];
    readonly applications: readonly GitopsApplication[];
  };
  /**
   * JSON documents that are not Kubernetes objects and are installed by hand (the log retention policy of an
   * OpenSearch or Elasticsearch log destination; SUMMARY.md gives the command), written at their path.
   */
  readonly documents?: (model: PlatformModel) => readonly { readonly path: string; readonly body: unknown }[];
}

/** What a synthesis wrote. */
export interface SynthResult {
  readonly dir: string;
  readonly files: readonly string[];
  readonly aws?: AwsSummary;
  readonly summary: string;
}

/** Writes the platform's output folder; the previous output stays untouched if anything fails. */
export async function synthesizePlatform(
  model: PlatformModel,
  outRoot: string,
  emitters: Emitters,
): Promise<SynthResult> {
  const dir = join(outRoot, model.name);
  const files: Record<string, string> = {};
  if (emitters.kubernetes) Object.assign(files, kubernetesFiles(emitters.kubernetes(model)));
  for (const doc of emitters.documents?.(model) ?? []) files[doc.path] = toJson(doc.body);
  files["platform.json"] = toJson(model);
  let aws: AwsSummary | undefined;
  let summary = "";
  await replaceDirAtomically(dir, async (staging) => {
    if (emitters.aws) aws = await emitters.aws(model, join(staging, "aws"));
    const listed = [...(aws ? ["aws/"] : []), ...Object.keys(files), "SUMMARY.md"].sort();
    summary = renderSummary(model, aws, listed);
    files["SUMMARY.md"] = summary;
    await writeFiles(staging, files);
  });
  return { dir, files: Object.keys(files).sort(), ...(aws ? { aws } : {}), summary };
}

/** Lays the manifests out as `k8s/<component>/<file>.yaml` with kustomizations, and `gitops/<app>.yaml`. */
export function kubernetesFiles(k8s: ReturnType<NonNullable<Emitters["kubernetes"]>>): Record<string, string> {
  const files: Record<string, string> = {};
  const components: string[] = [];
  for (const c of k8s.manifests) {
    if (c.files.length === 0) continue;
    components.push(c.component);
    for (const f of c.files) files[`k8s/${c.component}/${f.name}.yaml`] = toYaml(f.objects);
    files[`k8s/${c.component}/kustomization.yaml`] = toYaml([kustomization(c.files.map((f) => `${f.name}.yaml`))]);
  }
  if (components.length > 0) files["k8s/kustomization.yaml"] = toYaml([kustomization(components)]);
  for (const app of k8s.applications) files[`gitops/${app.name}.yaml`] = toYaml([app.application]);
  return files;
}

function kustomization(resources: readonly string[]) {
  return { apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources };
}
