/** `aiplat render` tells the in-cluster gateway about every InferenceService, in a config the gateway itself accepts. */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderFiles } from "../../src/cli/render-files.js";
import { resolveGatewayConfig } from "../../src/services/gateway/config.js";
import { defaultModel } from "../support/platforms.js";
import { expectValid } from "../support/schema.js";

const EXAMPLES = new URL("../../examples/workloads/", import.meta.url).pathname;
const files = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((f) => ({ name: `examples/workloads/${f}`, text: readFileSync(`${EXAMPLES}${f}`, "utf8") }));

describe("gateway routes from rendered InferenceServices", () => {
  const result = renderFiles(files, defaultModel());
  const routes = result.rendered.find((r) => r.kind === "ConfigMap" && r.name === "llm-gateway-routes");

  it("renders one routes ConfigMap in the gateway's namespace", () => {
    expect(result.exitCode).toBe(0);
    expect(routes?.namespace).toBe("llm-gateway");
    expectValid(routes!.objects[0]);
  });

  it("routes every served model to its Service, and the gateway's own config loader accepts it", () => {
    const data = JSON.parse((routes!.objects[0] as unknown as { data: Record<string, string> }).data["routes.json"]!);
    const services = result.rendered.filter((r) => r.kind === "InferenceService");
    expect(data.models.map((m: { name: string }) => m.name).sort()).toEqual(services.map((s) => s.name).sort());
    for (const s of services) {
      const route = data.models.find((m: { name: string }) => m.name === s.name);
      expect(route.endpoints[0].url).toBe(`http://${s.name}.${s.namespace}.svc.cluster.local:80`);
    }
    const resolved = resolveGatewayConfig([{ file: "routes.json", data }]);
    expect(resolved.ok).toBe(true);
  });
});
