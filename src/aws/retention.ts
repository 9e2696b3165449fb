/** CloudWatch Logs retention: the API accepts only a fixed set of day counts. */
import { RetentionDays } from "aws-cdk-lib/aws-logs";

/** The shortest retention CloudWatch Logs accepts that keeps logs at least `days` days. */
export function retentionAtLeast(days: number): RetentionDays {
  const allowed = Object.values(RetentionDays)
    .filter((v): v is RetentionDays => typeof v === "number" && v > 0)
    .sort((a, b) => a - b);
  return allowed.find((v) => v >= days) ?? RetentionDays.INFINITE;
}
