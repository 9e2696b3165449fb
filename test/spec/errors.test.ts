import { describe, expect, it } from "vitest";
import { loadPlatform } from "../../src/model/index.js";
import { OPENSEARCH_ENDPOINT_FORMS, openSearchDomainOf } from "../../src/model/validate-logs.js";

const head = "apiVersion: eks-ai-platform/v1alpha1\nkind: Platform\nmetadata:\n  name: t\nspec:\n";
/** A spec with one pool besides a CPU pool; `pool` is the YAML body of that pool at 4-space indent. */
const withPool = (pool: string) =>
  `${head}  nodePools:\n    cpu:\n      instanceTypes: [m5.2xlarge]\n      workloadTypes: [control, mlops, agents]\n    gpu:\n${pool}`;

const errors = (yaml: string) => loadPlatform(yaml, "p.yaml").findings.filter((f) => f.severity === "error");

describe("platform spec errors: code, path and line", () => {
  it.each([
    ["unknown top-level field", `${head}  colour: blue\n`, "AIP002", "spec.colour", 6],
    [
      "unknown pool field",
      withPool("      instanceTypes: [p4d.24xlarge]\n      workloadTypes: [training]\n      replicas: 3\n"),
      "AIP002",
      "spec.nodePools.gpu.replicas",
      13,
    ],
    ["wrong type", `${head}  aws:\n    availabilityZones: three\n`, "AIP003", "spec.aws.availabilityZones", 7],
    ["enum value not allowed", `${head}  provisioner: fargate\n`, "AIP004", "spec.provisioner", 6],
    [
      "required field missing",
      withPool("      workloadTypes: [training]\n"),
      "AIP005",
      "spec.nodePools.gpu.instanceTypes",
      11,
    ],
    [
      "unknown workload type",
      withPool("      instanceTypes: [p4d.24xlarge]\n      workloadTypes: [gaming]\n"),
      "AIP004",
      "spec.nodePools.gpu.workloadTypes[0]",
      12,
    ],
    [
      "unknown instance type",
      withPool("      instanceTypes: [p4d.24xlarge, p9.huge]\n      workloadTypes: [training]\n"),
      "AIP010",
      "spec.nodePools.gpu.instanceTypes[1]",
      11,
    ],
    [
      "MIG profile not offered by the GPU (p4d is A100 40GB)",
      withPool(
        "      instanceTypes: [p4d.24xlarge]\n      workloadTypes: [production-inference]\n      provisioner: managed-node-group\n      gpuSharing:\n        mig: { layout: [3g.40gb] }\n",
      ),
      "AIP013",
      "spec.nodePools.gpu.gpuSharing.mig.layout[0]",
      15,
    ],
    [
      "MIG layout over 7 compute slices",
      withPool(
        "      instanceTypes: [p4de.24xlarge]\n      workloadTypes: [production-inference]\n      gpuSharing:\n        mig: { layout: [1g.10gb, 1g.10gb, 1g.10gb, 2g.20gb, 3g.40gb] }\n",
      ),
      "AIP014",
      "spec.nodePools.gpu.gpuSharing.mig.layout",
      14,
    ],
    [
      "MIG layout over 8 memory slices",
      withPool(
        "      instanceTypes: [p4de.24xlarge]\n      workloadTypes: [production-inference]\n      gpuSharing:\n        mig: { layout: [3g.40gb, 3g.40gb, 1g.10gb] }\n",
      ),
      "AIP014",
      "spec.nodePools.gpu.gpuSharing.mig.layout",
      14,
    ],
    [
      "MIG on a GPU without MIG",
      withPool(
        "      instanceTypes: [g5.12xlarge]\n      workloadTypes: [production-inference]\n      gpuSharing:\n        mig: { layout: [1g.10gb] }\n",
      ),
      "AIP018",
      "spec.nodePools.gpu.gpuSharing.mig.layout",
      14,
    ],
    [
      "time-slicing replicas out of range",
      withPool(
        "      instanceTypes: [p4d.24xlarge]\n      workloadTypes: [training]\n      gpuSharing:\n        timeSlicing: { replicas: 64 }\n",
      ),
      "AIP015",
      "spec.nodePools.gpu.gpuSharing.timeSlicing.replicas",
      14,
    ],
    [
      "time-slicing and MIG on one pool",
      withPool(
        "      instanceTypes: [p4de.24xlarge]\n      workloadTypes: [training]\n      gpuSharing:\n        timeSlicing: { replicas: 2 }\n        mig: { layout: [7g.80gb] }\n",
      ),
      "AIP024",
      "spec.nodePools.gpu.gpuSharing",
      14,
    ],
    [
      "GPU sharing on a CPU pool",
      withPool(
        "      instanceTypes: [m5.4xlarge]\n      workloadTypes: [training]\n      gpuSharing:\n        timeSlicing: { replicas: 2 }\n",
      ),
      "AIP012",
      "spec.nodePools.gpu.gpuSharing",
      14,
    ],
    [
      "malformed taint",
      withPool(
        '      instanceTypes: [p4d.24xlarge]\n      workloadTypes: [training]\n      taints: ["gpu=true:Sometimes"]\n',
      ),
      "AIP017",
      "spec.nodePools.gpu.taints[0]",
      13,
    ],
    [
      "pool mixing GPU models",
      withPool("      instanceTypes: [p4d.24xlarge, p5.48xlarge]\n      workloadTypes: [training]\n"),
      "AIP011",
      "spec.nodePools.gpu.instanceTypes",
      11,
    ],
    [
      "MIG pool on Karpenter without NodeOverlay",
      withPool(
        "      instanceTypes: [p4de.24xlarge]\n      workloadTypes: [production-inference]\n      provisioner: karpenter\n      gpuSharing:\n        mig: { layout: [7g.80gb] }\n",
      ),
      "AIP019",
      "spec.nodePools.gpu.provisioner",
      13,
    ],
    [
      "duplicate pool name",
      `${head}  nodePools:\n    cpu:\n      instanceTypes: [m5.2xlarge]\n      workloadTypes: [control]\n    cpu:\n      instanceTypes: [m5.4xlarge]\n      workloadTypes: [control]\n`,
      "AIP006",
      "spec.nodePools.cpu",
      10,
    ],
    [
      "team runs a workload type no pool serves",
      `${head}  teams:\n    - name: a\n      workloadTypes: [training, gaming-free]\n`,
      "AIP004",
      "spec.teams[0].workloadTypes[1]",
      8,
    ],
    [
      "team namespace taken twice",
      `${head}  teams:\n    - name: a\n    - name: b\n      namespaces: [a]\n`,
      "AIP022",
      "spec.teams[1].namespaces[0]",
      9,
    ],
    [
      "unsupported Kubernetes version",
      `${head}  cluster:\n    kubernetesVersion: "1.20"\n`,
      "AIP020",
      "spec.cluster.kubernetesVersion",
      7,
    ],
    [
      "min above max",
      withPool(
        "      instanceTypes: [p4d.24xlarge]\n      workloadTypes: [training]\n      minNodes: 5\n      maxNodes: 2\n",
      ),
      "AIP021",
      "spec.nodePools.gpu.minNodes",
      13,
    ],
    [
      "reserved pool name",
      `${head}  nodePools:\n    cpu:\n      instanceTypes: [m5.2xlarge]\n      workloadTypes: [control]\n    default:\n      instanceTypes: [p4d.24xlarge]\n      workloadTypes: [training]\n`,
      "AIP027",
      "spec.nodePools.default",
      11,
    ],
    [
      "logs to a search cluster without an endpoint",
      `${head}  observability:\n    logs: elasticsearch\n`,
      "AIP005",
      "spec.observability.logs",
      7,
    ],
    [
      "OpenSearch endpoint that names no domain",
      `${head}  observability:\n    logs: opensearch\n    logsEndpoint: search.example.com\n`,
      "AIP029",
      "spec.observability.logsEndpoint",
      8,
    ],
    [
      "logs endpoint given as a URL",
      `${head}  observability:\n    logs: elasticsearch\n    logsEndpoint: https://logs.example.com:9200\n`,
      "AIP029",
      "spec.observability.logsEndpoint",
      8,
    ],
    ["YAML syntax error", `${head}  aws: [unclosed\n`, "AIP001", "", undefined],
  ])("%s", (_name, yaml, code, path, line) => {
    const found = errors(yaml);
    const match = found.find((f) => f.code === code && f.path === path);
    expect(match, JSON.stringify(found, null, 2)).toBeDefined();
    if (line !== undefined) expect(match!.line).toBe(line);
    expect(match!.file).toBe("p.yaml");
  });

  it.each([
    ["search-platform-logs-a1b2c3.us-west-2.es.amazonaws.com", "platform-logs", "us-west-2"],
    ["vpc-logs-7x9k2m.eu-central-1.es.amazonaws.com", "logs", "eu-central-1"],
    ["search-cn-logs-abc.cn-north-1.es.amazonaws.com.cn", "cn-logs", "cn-north-1"],
  ])("accepts the OpenSearch domain endpoint %s (domain %s in %s)", (endpoint, domainName, region) => {
    expect(openSearchDomainOf(endpoint)).toEqual({ domainName, region });
    expect(errors(`${head}  observability:\n    logs: opensearch\n    logsEndpoint: ${endpoint}\n`)).toEqual([]);
  });

  it.each(["search.example.com", "search-logs.us-west-2.es.amazonaws.com", "abc123.us-west-2.aoss.amazonaws.com"])(
    "finds no domain in %s",
    (endpoint) => {
      expect(openSearchDomainOf(endpoint)).toBeUndefined();
    },
  );

  it("names the allowed endpoint forms and takes any host for Elasticsearch", () => {
    const [f] = errors(`${head}  observability:\n    logs: opensearch\n    logsEndpoint: logs.internal\n`);
    expect(f).toMatchObject({ code: "AIP029", found: "logs.internal" });
    expect(f!.allowed).toEqual([...OPENSEARCH_ENDPOINT_FORMS]);
    expect(errors(`${head}  observability:\n    logs: elasticsearch\n    logsEndpoint: logs.internal\n`)).toEqual([]);
  });

  it("a team may not run a type no pool admits", () => {
    const yaml = `${head}  nodePools:\n    cpu:\n      instanceTypes: [m5.2xlarge]\n      workloadTypes: [control]\n  teams:\n    - name: a\n      workloadTypes: [training]\n`;
    expect(errors(yaml)).toEqual([
      expect.objectContaining({ code: "AIP016", path: "spec.teams[0].workloadTypes[0]", line: 12 }),
    ]);
  });

  it("reports five different mistakes at once, each located", () => {
    const yaml = [
      "apiVersion: eks-ai-platform/v1alpha1",
      "kind: Platform",
      "metadata:",
      "  name: Bad_Name", // 4: AIP004
      "spec:",
      "  colour: blue", // 6: AIP002
      "  nodePools:",
      "    cpu:",
      "      instanceTypes: [m5.2xlarge]",
      "      workloadTypes: [control]",
      "    mig:",
      "      instanceTypes: [p4d.24xlarge]",
      "      workloadTypes: [production-inference]",
      "      gpuSharing:",
      "        mig: { layout: [3g.40gb] }", // 15: AIP013 (p4d is A100 40GB)
      "    ts:",
      "      instanceTypes: [p5.48xlarge, p9.huge]", // 17: AIP010
      "      workloadTypes: [training]",
      '      taints: ["gpu=h100:Sometimes"]', // 19: AIP017
      "",
    ].join("\n");
    const found = errors(yaml).map((f) => `${f.code} ${f.path} ${f.line}:${f.column}`);
    expect(found).toEqual([
      "AIP004 metadata.name 4:9",
      "AIP002 spec.colour 6:3",
      "AIP013 spec.nodePools.mig.gpuSharing.mig.layout[0] 15:25",
      "AIP010 spec.nodePools.ts.instanceTypes[1] 17:36",
      "AIP017 spec.nodePools.ts.taints[0] 19:16",
    ]);
  });

  it("checks pools on their own when another part of the spec fails its schema", () => {
    const yaml = withPool(
      [
        "      instanceTypes: [p4d.24xlarge, p9.huge]",
        "      workloadTypes: [training]",
        '      taints: ["gpu mig"]',
        "",
      ].join("\n"),
    ).replace("name: t", "name: Bad_Name");
    const codes = errors(yaml).map((f) => `${f.code} ${f.path} ${f.line}`);
    expect(codes).toEqual([
      "AIP004 metadata.name 4",
      "AIP010 spec.nodePools.gpu.instanceTypes[1] 11",
      "AIP017 spec.nodePools.gpu.taints[0] 13",
    ]);
  });

  it("semantic checks report every problem at once", () => {
    const yaml = withPool(
      [
        "      instanceTypes: [p4d.24xlarge]",
        "      workloadTypes: [production-inference]",
        '      taints: ["gpu mig", "x=y:Never"]',
        "      provisioner: managed-node-group",
        "      minNodes: 9",
        "      maxNodes: 3",
        "      gpuSharing:",
        "        mig: { layout: [3g.40gb, 2g.20gb] }",
        "",
      ].join("\n"),
    );
    const codes = errors(yaml).map((f) => `${f.code} ${f.path}`);
    expect(codes).toEqual([
      "AIP017 spec.nodePools.gpu.taints[0]",
      "AIP017 spec.nodePools.gpu.taints[1]",
      "AIP021 spec.nodePools.gpu.minNodes",
      "AIP013 spec.nodePools.gpu.gpuSharing.mig.layout[0]",
      "AIP013 spec.nodePools.gpu.gpuSharing.mig.layout[1]",
    ]);
  });

  it("refuses MIG quota for profiles no pool offers in teams the user wrote, not in the default example teams", () => {
    const pools = withPool("      instanceTypes: [p4d.24xlarge]\n      workloadTypes: [training]\n");
    // Default teams: their 3g.40gb/1g.10gb quota lines are dropped, not refused.
    expect(errors(pools)).toEqual([]);
    expect(loadPlatform(pools).model!.teams[1]!.quota).not.toHaveProperty("requests.nvidia.com/mig-3g.40gb");
    const written = `${pools}  teams:\n    - name: a\n      quota: { mig: { 3g.40gb: 1 } }\n`;
    expect(errors(written).map((f) => `${f.code} ${f.path} ${f.line}`)).toEqual([
      "AIP023 spec.teams[0].quota.mig.3g.40gb 15",
    ]);
  });
});
