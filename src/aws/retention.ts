/** CloudWatch Logs retention: the API accepts only a fixed set of day counts. */
import type { RetentionDays } from "aws-cdk-lib/aws-logs";
import { logs } from "./cdk.js";

/** The shortest retention CloudWatch Logs accepts that keeps logs at least `days` days. */
export function retentionAtLeast(days: number): RetentionDays {
  const allowed = Object.values(logs.RetentionDays)
    .filter((v): v is RetentionDays => typeof v === "number" && v > 0)
    .sort((a, b) => a - b);
  return allowed.find((v) => v >= days) ?? logs.RetentionDays.INFINITE;
}
