import { App, Stack } from "aws-cdk-lib/core";
import { AwsSolutionsChecks } from "cdk-nag/lib/packs/aws-solutions.js";
import { describe, expect, it } from "vitest";
import { buildAwsApp, readNagReport } from "../../src/aws/index.js";
import { modelOf } from "./synth-helper.js";

describe("cdk-nag wiring", () => {
  it("still finds violations in services whose L1 classes were deferred before they were loaded", async () => {
    // Building the platform installs the stand-ins for unused services (RDS among them); RDS is loaded only after.
    buildAwsApp(modelOf());
    const { CfnDBInstance } = await import("aws-cdk-lib/aws-rds");
    const app = new App({ stackTraces: false, builtinCloudFormationValidation: false });
    const stack = new Stack(app, "other");
    new CfnDBInstance(stack, "Db", { dbInstanceClass: "db.t3.micro", engine: "postgres", allocatedStorage: "20" });
    const report = new AwsSolutionsChecks().validateScope(app);
    const rules = report.violations.map((v) => v.ruleName);
    expect(rules).toEqual(expect.arrayContaining(["AwsSolutions-RDS2", "AwsSolutions-RDS3"]));
  });

  it("reads an absent report as no findings", () => {
    expect(readNagReport("/nonexistent", 3)).toEqual({ errors: 0, warnings: 0, suppressed: 3 });
  });
});
