/** Velero: Schedules match the RPO table, locations and Pod Identity service account. */
import { describe, expect, it } from "vitest";
import {
  backupClasses,
  durationMinutes,
  renderBackup,
  scheduleForRpo,
  scheduleIntervalMinutes,
  veleroChart,
} from "../../../src/k8s/backup/index.js";
import { defaultModel, modelOf } from "../../support/platforms.js";
import { expectValid } from "../../support/schema.js";

const model = defaultModel();

describe("backup", () => {
  const objects = renderBackup(model).manifests.files.flatMap((f) => f.objects);
  const schedules = objects.filter((o) => o.kind === "Schedule");

  it("every object validates", () => {
    for (const o of objects) expectValid(o);
  });

  it("has one Schedule per RPO class whose interval is within the RPO and whose ttl is the retention", () => {
    for (const c of backupClasses(model)) {
      const s = schedules.find((x) => x.metadata.name === c.name);
      const spec = s?.spec as { schedule: string; template: { ttl: string; snapshotVolumes: boolean } };
      expect(spec, c.name).toBeDefined();
      expect(scheduleIntervalMinutes(spec.schedule)).toBeLessThanOrEqual(durationMinutes(c.rpo));
      expect(spec.template.ttl).toBe(c.retention);
      expect(spec.template.snapshotVolumes).toBe(c.snapshotVolumes);
    }
    expect(schedules).toHaveLength(backupClasses(model).length + 1);
  });

  it.each([
    ["1h", "0 * * * *"],
    ["6h", "0 */6 * * *"],
    ["24h", "0 0 * * *"],
    ["15m", "*/15 * * * *"],
    ["36h", "@every 36h"],
  ])("RPO %s -> %s", (rpo, cron) => {
    expect(scheduleForRpo(rpo)).toBe(cron);
  });

  it("follows an edited RPO table", () => {
    const m = modelOf(
      "apiVersion: eks-ai-platform/v1alpha1\nkind: Platform\nspec:\n  backup:\n    rpo:\n      only: { rpo: 2h, rto: 1h, retention: 48h, scope: team-namespaces, snapshotVolumes: false }\n",
    );
    const names = renderBackup(m)
      .manifests.files.flatMap((f) => f.objects)
      .filter((o) => o.kind === "Schedule")
      .map((o) => o.metadata.name);
    expect(names).toEqual(["cluster-objects", "only"]);
  });

  it("Velero: S3 and EBS snapshot locations, Pod Identity service account, no node agent", () => {
    const v = veleroChart(model)!.values as Record<string, any>;
    expect(v.configuration.backupStorageLocation[0]).toMatchObject({
      provider: "aws",
      bucket: `${model.name}-velero-backups`,
    });
    expect(v.configuration.volumeSnapshotLocation[0]).toMatchObject({ provider: "aws" });
    expect(v.serviceAccount.server.name).toBe("velero");
    expect(v.credentials.useSecret).toBe(false);
    expect(v.deployNodeAgent).toBe(false);
  });

  it("renders nothing when Velero is disabled", () => {
    const off = modelOf(
      "apiVersion: eks-ai-platform/v1alpha1\nkind: Platform\nspec:\n  backup: { velero: { enabled: false } }\n",
    );
    expect(renderBackup(off).charts).toEqual([]);
    expect(renderBackup(off).manifests.files.flatMap((f) => f.objects)).toEqual([]);
  });
});
