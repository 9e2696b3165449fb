import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resourcesOf, type Synthesized, synth } from "./synth-helper.js";

let a: Synthesized;
let b: Synthesized;
beforeAll(() => {
  a = synth();
  b = synth();
});
afterAll(() => {
  a.cleanup();
  b.cleanup();
});

const files = (dir: string) => readdirSync(dir).sort();

describe("synthesizeAws", () => {
  it("passes cdk-nag AwsSolutions with zero unsuppressed errors, every suppression with a reason", () => {
    expect(a.result.nag.errors).toBe(0);
    expect(a.result.nag.rules).toBeUndefined();
    expect(a.result.nag.suppressed).toBeGreaterThan(0);
    const metadata = readFileSync(join(a.result.assemblyDir, `${a.model.name}.metadata.json`), "utf8");
    for (const [, reason] of metadata.matchAll(/"Annotation::AwsSolutions-[^"]*": "([^"]*)"/g)) {
      expect(reason!.length).toBeGreaterThan(20);
    }
  });

  it("is deterministic: two syntheses give byte-identical files", () => {
    expect(files(a.result.assemblyDir)).toEqual(files(b.result.assemblyDir));
    for (const f of files(a.result.assemblyDir)) {
      expect(readFileSync(join(b.result.assemblyDir, f), "utf8"), f).toBe(
        readFileSync(join(a.result.assemblyDir, f), "utf8"),
      );
    }
  });

  it("has no Lambda, no assets, and stays under 2 MB", () => {
    a.template.resourceCountIs("AWS::Lambda::Function", 0);
    a.template.resourceCountIs("AWS::CloudFormation::CustomResource", 0);
    const bytes = files(a.result.assemblyDir).reduce((n, f) => n + statSync(join(a.result.assemblyDir, f)).size, 0);
    expect(bytes).toBeLessThan(2 * 1024 * 1024);
    expect(files(a.result.assemblyDir).some((f) => f.startsWith("asset."))).toBe(false);
  });

  it("holds no path of this machine", () => {
    for (const f of files(a.result.assemblyDir)) {
      expect(readFileSync(join(a.result.assemblyDir, f), "utf8"), f).not.toMatch(/file:\/\/|\/work\/|node_modules/);
    }
  });

  it("reports resource counts by CloudFormation type", () => {
    expect(a.result.resourceCounts["AWS::EKS::Cluster"]).toBe(1);
    expect(a.result.resourceCounts["AWS::EKS::Nodegroup"]).toBe(resourcesOf(a, "AWS::EKS::Nodegroup").length);
    const total = Object.values(a.result.resourceCounts).reduce((x, y) => x + y, 0);
    expect(total).toBe(Object.keys(a.json.Resources).length);
    expect(a.result.templateFile.endsWith(`${a.model.name}.template.json`)).toBe(true);
  });
});

describe("stack outputs", () => {
  it("name the cluster, the EFS file system and access points, and every bucket", () => {
    const outputs = Object.keys(a.template.findOutputs("*"));
    expect(outputs).toEqual(
      expect.arrayContaining([
        "ClusterName",
        "EfsFileSystemId",
        "EfsAccessPointDatasets",
        "EfsAccessPointModels",
        "EfsAccessPointCheckpoints",
        "BucketArtifacts",
        "BucketLogs",
        "BucketModels",
        "BucketVeleroBackups",
      ]),
    );
  });
});
