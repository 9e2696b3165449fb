/** The `backup` component: Velero (chart), its Schedules from the RPO table, and its alerts. */
import type { PlatformModel } from "../../model/index.js";
import type { ChartAppSpec } from "../gitops/platform-application.js";
import type { ComponentManifests } from "../types.js";
import { backupMonitoring, veleroSchedules } from "./schedules.js";
import { veleroChart } from "./velero.js";

export * from "./rpo.js";
export * from "./schedules.js";
export * from "./velero.js";

/** Component (folder) name. */
export const BACKUP_COMPONENT = "backup";

/** The backup manifests and the Velero chart (nothing when Velero is disabled). */
export function renderBackup(model: PlatformModel): { manifests: ComponentManifests; charts: ChartAppSpec[] } {
  const chart = veleroChart(model);
  return {
    manifests: {
      component: BACKUP_COMPONENT,
      files: [
        { name: "schedules", objects: veleroSchedules(model) },
        { name: "monitoring", objects: backupMonitoring(model) },
      ],
    },
    charts: chart === undefined ? [] : [chart],
  };
}
