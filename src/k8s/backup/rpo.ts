/**
 * The backup RPO table (`spec.backup.rpo`) turned into Velero schedules: how often each class is backed up (a cron
 * expression whose interval never exceeds the class's RPO) and what each backup covers.
 */
import type { PlatformModel } from "../../model/index.js";
import type { WorkloadType } from "../../spec/index.js";

/** One class of the RPO table, resolved. */
export interface BackupClass {
  readonly name: string;
  readonly rpo: string;
  readonly rto: string;
  readonly retention: string;
  readonly scope: "platform-namespaces" | "team-namespaces";
  readonly workloadTypes?: readonly WorkloadType[];
  readonly snapshotVolumes: boolean;
}

/** The classes of the spec, in the spec's order. */
export function backupClasses(model: PlatformModel): BackupClass[] {
  return Object.entries(model.backup.rpo).map(([name, c]) => ({ name, ...c }));
}

const UNIT_MINUTES: Readonly<Record<string, number>> = { ms: 1 / 60000, s: 1 / 60, m: 1, h: 60 };

/** A Go-style duration (`6h`, `90m`, `1h30m`) in minutes. */
export function durationMinutes(duration: string): number {
  let total = 0;
  for (const [, n, unit] of duration.matchAll(/([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)/g)) {
    total += Number(n) * (UNIT_MINUTES[unit as string] ?? Number.NaN);
  }
  return total;
}

/**
 * The Velero schedule (cron, UTC) that backs a class up at least once per `rpo`: a divisor of an hour or a day maps
 * to a fixed cron (every sixth hour on the hour for 6h), so backups land at predictable times; anything else uses Velero's `@every`
 * (robfig/cron, https://velero.io/docs/v1.18/backup-reference/#schedule-a-backup).
 */
export function scheduleForRpo(rpo: string): string {
  const minutes = durationMinutes(rpo);
  if (minutes < 60 && Number.isInteger(minutes) && 60 % minutes === 0) return `*/${minutes} * * * *`;
  const hours = minutes / 60;
  if (hours === 1) return "0 * * * *";
  if (Number.isInteger(hours) && hours < 24 && 24 % hours === 0) return `0 */${hours} * * *`;
  if (hours === 24) return "0 0 * * *";
  return `@every ${rpo}`;
}

/** The longest interval between two runs of `schedule` (for the forms `scheduleForRpo` emits), in minutes. */
export function scheduleIntervalMinutes(schedule: string): number {
  if (schedule.startsWith("@every ")) return durationMinutes(schedule.slice("@every ".length));
  const [minute = "", hour = ""] = schedule.split(" ");
  if (minute.startsWith("*/")) return Number(minute.slice(2));
  if (hour === "*") return 60;
  if (hour.startsWith("*/")) return Number(hour.slice(2)) * 60;
  return 24 * 60;
}
