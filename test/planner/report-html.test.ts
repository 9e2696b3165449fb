/**
 * The HTML plan report opened in headless Chromium (Debian's `chromium`, driven by playwright-core: no browser
 * download). Checks that the GPU map and the cost chart render, and reads the numbers back from the page.
 * Skips with a notice when /usr/bin/chromium is missing outside CI; in CI (`CI` set) a missing browser fails.
 */
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEFAULT_PLATFORM_YAML, loadPlatform } from "../../src/model/index.js";
import { type Demand, planCapacity } from "../../src/planner/index.js";
import { renderPlanReport } from "../../src/planner/report-html.js";

const CHROMIUM = "/usr/bin/chromium";
const present = existsSync(CHROMIUM);
if (!present && !process.env.CI)
  console.warn(`SKIPPED report-html browser test: ${CHROMIUM} is missing (apt-get install chromium)`);

const model = loadPlatform(DEFAULT_PLATFORM_YAML).model!;
const demands: Demand[] = [
  {
    name: "research/notebook",
    pool: "a100-timeslice",
    replicas: 5,
    gpu: { kind: "shared", count: 1, memoryMiB: 8192 },
    cpuMilli: 4000,
    memoryMiB: 16384,
  },
  {
    name: "serving/llm",
    pool: "a100-mig",
    replicas: 6,
    gpu: { kind: "mig", profile: "3g.40gb", count: 1 },
    cpuMilli: 8000,
    memoryMiB: 32768,
  },
  {
    name: "serving/small",
    pool: "a100-mig",
    replicas: 4,
    gpu: { kind: "mig", profile: "1g.10gb", count: 1 },
    cpuMilli: 2000,
    memoryMiB: 8192,
  },
  {
    name: "research/fine-tune",
    pool: "h100-timeslice",
    replicas: 3,
    gpu: { kind: "shared", count: 1, memoryMiB: 40960 },
    cpuMilli: 16000,
    memoryMiB: 65536,
  },
  { name: "platform/agent", pool: "cpu", replicas: 2, cpuMilli: 1000, memoryMiB: 2048 },
];

describe.runIf(present || process.env.CI)("HTML plan report in headless Chromium", () => {
  it("renders the GPU map and the cost chart, and the page's numbers are the plan's", async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is required in CI (apt-get install chromium)`).toBe(true);
    const plan = await planCapacity(model, demands);
    const html = renderPlanReport(plan, demands);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on("request", (r) => {
        if (!r.url().startsWith("data:") && r.url() !== "about:blank") requests.push(r.url());
      });
      await page.setContent(html, { waitUntil: "load" });
      expect(requests).toEqual([]); // self-contained: nothing fetched

      // GPU map: one box per node, one column per GPU, slices with the workloads in them.
      for (const p of plan.pools) {
        const nodes = await page.locator(`.pool-map[data-pool="${p.pool}"] .node`).count();
        expect(nodes).toBe(p.layout.length);
      }
      const migGpus = await page.locator('.pool-map[data-pool="a100-mig"] .node[data-node="0"] .gpu').count();
      expect(migGpus).toBe(8);
      const llmSlices = await page.locator('rect.slice.used[data-workload="serving/llm"]').count();
      expect(llmSlices).toBe(6);
      const notebookSlices = await page.locator('rect.slice.used[data-workload="research/notebook"]').count();
      expect(notebookSlices).toBe(5);
      const box = await page.locator('.pool-map[data-pool="a100-mig"] rect.slice').first().boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(0);
      expect(box?.height ?? 0).toBeGreaterThan(0);

      // Cost chart: one bar group per pool, its labels and widths match the plan.
      const bars = page.locator("#cost-chart .cost-bar");
      expect(await bars.count()).toBe(plan.pools.length);
      for (const p of plan.pools) {
        const bar = page.locator(`#cost-chart .cost-bar[data-pool="${p.pool}"]`);
        const shown = await bar.locator(".shared-label").textContent();
        expect(Number(shown!.replace(/[$,]/g, ""))).toBeCloseTo(p.cost.expectedMonthly, 2);
        const width = await bar
          .locator("rect")
          .first()
          .evaluate((r) => (r as unknown as { getBBox(): { width: number } }).getBBox().width);
        if (p.cost.expectedMonthly > 0) expect(width).toBeGreaterThan(0);
      }

      // Totals read back from the rendered page.
      const money = async (id: string) =>
        Number(((await page.locator(`#${id} b`).textContent()) ?? "").replace(/[$,]/g, "").split(" ")[0]);
      expect(await money("total-monthly")).toBeCloseTo(plan.total.expectedMonthly, 2);
      expect(await money("dedicated-monthly")).toBeCloseTo(plan.dedicated.expectedMonthly, 2);
      expect(await money("saving-monthly")).toBeCloseTo(plan.saving.monthly, 2);
      expect(Number(await page.locator("#total-nodes b").textContent())).toBe(plan.total.nodes);
      const rows = await page.locator("#pools tbody tr").count();
      expect(rows).toBe(plan.pools.length);
      for (const p of plan.pools) {
        const row = page.locator(`#pools tr[data-pool="${p.pool}"]`);
        expect(Number(await row.locator("td.nodes").textContent())).toBe(p.nodes);
        expect(Number(await row.locator("td.lower-bound").textContent())).toBe(p.lowerBoundNodes);
      }
    } finally {
      await browser.close();
    }
  });
});
