/**
 * EC2 instance types the platform can put in a node pool.
 *
 * Sources: Karpenter's instance-type reference (https://karpenter.sh/docs/reference/instance-types/) for GPUs, vCPU,
 * memory and EFA; prices are us-east-1 Linux on-demand from Karpenter's generated pricing table
 * (`pkg/providers/pricing/zz_generated.pricing_aws.go`), read 2026-07-20. Extend the table to add a type.
 */

/** One EC2 instance type. */
export interface InstanceType {
  /** API name, e.g. `p4d.24xlarge`. */
  readonly name: string;
  /** GPU model name (key of `GPU_MODELS`), absent for CPU-only types. */
  readonly gpuModel?: string;
  /** GPUs per instance (0 for CPU-only types). */
  readonly gpuCount: number;
  /** vCPUs per instance. */
  readonly vCpu: number;
  /** Memory, GiB. */
  readonly memoryGiB: number;
  /** EFA network interfaces (0 when EFA is not supported). */
  readonly efaInterfaces: number;
  /** On-demand price, USD per hour (us-east-1, Linux). */
  readonly pricePerHourUSD: number;
}

function row(
  name: string,
  gpuCount: number,
  gpuModel: string | undefined,
  vCpu: number,
  memoryGiB: number,
  efaInterfaces: number,
  pricePerHourUSD: number,
): InstanceType {
  return gpuModel === undefined
    ? { name, gpuCount, vCpu, memoryGiB, efaInterfaces, pricePerHourUSD }
    : { name, gpuModel, gpuCount, vCpu, memoryGiB, efaInterfaces, pricePerHourUSD };
}

const ROWS: readonly InstanceType[] = [
  // General purpose (CPU pool).
  row("m5.large", 0, undefined, 2, 8, 0, 0.096),
  row("m5.xlarge", 0, undefined, 4, 16, 0, 0.192),
  row("m5.2xlarge", 0, undefined, 8, 32, 0, 0.384),
  row("m5.4xlarge", 0, undefined, 16, 64, 0, 0.768),
  row("m5.8xlarge", 0, undefined, 32, 128, 0, 1.536),
  row("m5.12xlarge", 0, undefined, 48, 192, 0, 2.304),
  // NVIDIA A100, H100, H200.
  row("p4d.24xlarge", 8, "A100-SXM4-40GB", 96, 1152, 4, 21.958),
  row("p4de.24xlarge", 8, "A100-SXM4-80GB", 96, 1152, 4, 27.447),
  row("p5.48xlarge", 8, "H100-SXM5-80GB", 192, 2048, 32, 55.04),
  row("p5en.48xlarge", 8, "H200-141GB", 192, 2048, 16, 63.296),
  // NVIDIA A10G.
  row("g5.xlarge", 1, "A10G", 4, 16, 0, 1.006),
  row("g5.2xlarge", 1, "A10G", 8, 32, 0, 1.212),
  row("g5.4xlarge", 1, "A10G", 16, 64, 0, 1.624),
  row("g5.8xlarge", 1, "A10G", 32, 128, 1, 2.448),
  row("g5.12xlarge", 4, "A10G", 48, 192, 1, 5.672),
  row("g5.16xlarge", 1, "A10G", 64, 256, 1, 4.096),
  row("g5.24xlarge", 4, "A10G", 96, 384, 1, 8.144),
  row("g5.48xlarge", 8, "A10G", 192, 768, 1, 16.288),
  // NVIDIA L40S.
  row("g6e.xlarge", 1, "L40S", 4, 32, 0, 1.861),
  row("g6e.2xlarge", 1, "L40S", 8, 64, 0, 2.242),
  row("g6e.4xlarge", 1, "L40S", 16, 128, 0, 3.004),
  row("g6e.8xlarge", 1, "L40S", 32, 256, 1, 4.529),
  row("g6e.12xlarge", 4, "L40S", 48, 384, 1, 10.493),
  row("g6e.16xlarge", 1, "L40S", 64, 512, 1, 7.577),
  row("g6e.24xlarge", 4, "L40S", 96, 768, 2, 15.066),
  row("g6e.48xlarge", 8, "L40S", 192, 1536, 4, 30.131),
];

/** Instance types by API name. */
export const INSTANCE_TYPES: Readonly<Record<string, InstanceType>> = Object.fromEntries(ROWS.map((r) => [r.name, r]));

/** Hours in a month for monthly prices: 730 (365 x 24 / 12), the convention of the AWS Pricing Calculator. */
export const HOURS_PER_MONTH = 730;
