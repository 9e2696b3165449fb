/**
 * cdk-nag wiring. cdk-nag 3 is a CDK validation plugin (not an Aspect): it runs during `app.synth()`, unacknowledged
 * errors fail the synthesis, and the findings land in `validation-report.json` in the cloud assembly. A suppression is
 * `core.Validations.of(construct).acknowledge({ id, reason })`, always with its reason, next to the construct it concerns.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { App } from "aws-cdk-lib/core";
// The pack's own module, not the package index: the index loads every rule pack (HIPAA, NIST, PCI...) and with them
// some fifty aws-cdk-lib modules, which costs most of a second at start-up.
import { AwsSolutionsChecks } from "cdk-nag/lib/packs/aws-solutions.js";
import { flattenCfnReference } from "cdk-nag/lib/utils/flatten-cfn-reference.js";
import type { IConstruct } from "constructs";
import { core, iam } from "./cdk.js";
import { deferUnusedL1Classes } from "./lazy-l1-classes.js";

/** The rule pack the platform must pass. */
export const NAG_PACK = "AwsSolutions";

/** The cdk-nag result of a synthesis. */
export interface NagResult {
  /** Unacknowledged error findings (synthesis fails when there is one). */
  readonly errors: number;
  /** Unacknowledged warning findings. */
  readonly warnings: number;
  /** Acknowledged findings: suppressions, each with its reason in code. */
  readonly suppressed: number;
  /** Unacknowledged findings by rule ID, for the report. */
  readonly rules?: Readonly<Record<string, number>>;
}

/** Registers the AwsSolutions pack on the app. */
export function addNagChecks(app: App): void {
  deferUnusedL1Classes();
  core.Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}

/**
 * Acknowledges each `AwsSolutions-IAM5` (wildcard) finding of the IAM policies under `scope` with `reason`.
 * cdk-nag 3 matches acknowledgments by exact finding (`AwsSolutions-IAM5[Resource::arn:...:instance/*]`), with no
 * prefix match; this computes the findings the way the rule does (Allow statements, `*` in an action or in a
 * flattened resource) so a reviewed policy can be acknowledged as a whole, with one reason that says why its
 * wildcards are scoped enough (tag conditions, actions without resource-level permissions).
 * Call it once the policies are complete (the stack does, after building every construct).
 */
export function acknowledgeWildcards(scope: IConstruct, reason: string): void {
  for (const node of scope.node.findAll()) {
    const documents: unknown[] = [];
    if (node instanceof iam.CfnRole) {
      // L1 properties resolve with camelCase keys (`policyDocument`); the document inside is IAM JSON.
      const policies = core.Stack.of(node).resolve(node.policies) as { policyDocument?: unknown }[] | undefined;
      for (const p of policies ?? []) documents.push(p.policyDocument);
    } else if (node instanceof iam.CfnPolicy || node instanceof iam.CfnManagedPolicy) {
      documents.push(core.Stack.of(node).resolve(node.policyDocument));
    } else continue;
    for (const finding of wildcardFindings(documents)) {
      core.Validations.of(node).acknowledge({ id: `${NAG_PACK}-IAM5[${finding}]`, reason });
    }
  }
}

function wildcardFindings(documents: readonly unknown[]): Set<string> {
  const out = new Set<string>();
  const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : x === undefined ? [] : [x]);
  for (const doc of documents) {
    for (const s of list((doc as { Statement?: unknown })?.Statement) as Record<string, unknown>[]) {
      if (s.Effect !== "Allow") continue;
      for (const a of list(s.Action)) if (typeof a === "string" && a.includes("*")) out.add(`Action::${a}`);
      for (const r of list(s.Resource)) {
        const flat = flattenCfnReference(r);
        if (flat.includes("*")) out.add(`Resource::${flat}`);
      }
    }
  }
  return out;
}

/**
 * Drops the stack traces `core.Validations.acknowledge` records with each acknowledgment (it ignores the app's
 * `stackTraces: false`): they hold absolute paths of the machine that synthesized, which would make the cloud
 * assembly differ between checkouts. The acknowledgment and its reason stay.
 */
export function stripAcknowledgmentTraces(scope: IConstruct): void {
  for (const node of scope.node.findAll()) {
    for (const entry of node.node.metadata) {
      if (entry.type === core.Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        (entry as { trace?: unknown }).trace = undefined;
    }
  }
}

/** Counts the acknowledged AwsSolutions findings under `scope` (the suppressions written in code). */
export function countAcknowledgments(scope: IConstruct): number {
  let n = 0;
  for (const node of scope.node.findAll()) {
    for (const entry of node.node.metadata) {
      if (entry.type !== core.Validations.ACKNOWLEDGED_RULES_METADATA_KEY || entry.data === null) continue;
      n += Object.keys(entry.data as object).filter((k) =>
        k.replace(/^annotation::/i, "").startsWith(`${NAG_PACK}-`),
      ).length;
    }
  }
  return n;
}

interface Report {
  readonly pluginReports?: readonly {
    readonly pluginName: string;
    readonly violations?: readonly { ruleName: string; severity?: string; violatingConstructs?: readonly unknown[] }[];
  }[];
}

/**
 * Reads the AwsSolutions findings from the cloud assembly's `validation-report.json` (absent when no plugin
 * reported anything) and counts them; `suppressed` comes from the construct tree, where the acknowledgments live.
 */
export function readNagReport(assemblyDir: string, suppressed: number): NagResult {
  const file = join(assemblyDir, "validation-report.json");
  const rules: Record<string, number> = {};
  let errors = 0;
  let warnings = 0;
  if (existsSync(file)) {
    const report = JSON.parse(readFileSync(file, "utf8")) as Report;
    for (const plugin of report.pluginReports ?? []) {
      if (plugin.pluginName !== NAG_PACK) continue;
      for (const v of plugin.violations ?? []) {
        const n = v.violatingConstructs?.length ?? 1;
        rules[v.ruleName] = (rules[v.ruleName] ?? 0) + n;
        if (v.severity === "error" || v.severity === "fatal") errors += n;
        else warnings += n;
      }
    }
  }
  return { errors, warnings, suppressed, ...(Object.keys(rules).length > 0 ? { rules } : {}) };
}
