/**
 * Splits the files of `aiplat check` over worker threads when the input is large enough to pay for their start-up
 * (each worker loads the parser and the rules, ~0.1 s); otherwise checks in this thread. `AIPLAT_CHECK_WORKERS`
 * sets the number of workers (1: none).
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { PlatformModel } from "../model/types.js";
import { type CheckedFiles, checkFiles } from "./check-report.js";
import { type InputFile, listInputs, readInputs } from "./input-files.js";

/** Inputs below this many bytes are checked in one thread. */
const PARALLEL_MIN_BYTES = 4 * 1024 * 1024;
const MAX_WORKERS = 4;

/**
 * Threads to use by default: measured on 2 cores (10,000 objects, 16.8 MB), one thread took 1.6 s and two 1.8 s,
 * since each worker loads the parser and the rules again; from 4 cores on, workers pay for themselves.
 */
function defaultWorkers(cores: number): number {
  return cores >= 4 ? Math.min(MAX_WORKERS, cores) : 1;
}

/** Checks `paths` (files, folders, `-`), in parallel when large. */
export async function checkPaths(paths: readonly string[], model: PlatformModel): Promise<CheckedFiles> {
  const listed = paths.includes("-") ? undefined : listInputs(paths, true);
  const total = listed?.reduce((s, f) => s + f.bytes, 0) ?? 0;
  const wanted = Number(process.env.AIPLAT_CHECK_WORKERS ?? Number.NaN);
  const workers = Math.min(
    Number.isInteger(wanted) ? wanted : defaultWorkers(availableParallelism()),
    listed?.length ?? 1,
  );
  if (listed === undefined || total < PARALLEL_MIN_BYTES || workers < 2)
    return checkFiles(readInputs(paths, true) as InputFile[], model);
  // Contiguous chunks of about equal bytes keep the findings in file order when concatenated.
  const chunks: string[][] = Array.from({ length: workers }, () => []);
  let acc = 0;
  for (const f of listed) {
    const i = Math.min(workers - 1, Math.floor((acc / total) * workers));
    chunks[i]!.push(f.path);
    acc += f.bytes;
  }
  const url = new URL("./check-worker.js", import.meta.url);
  // This thread checks the first chunk itself while workers check the others: on a 2-core machine two workers plus
  // an idle main thread were slower than one thread (each worker loads the parser and the rules again).
  const [own, ...rest] = chunks.filter((c) => c.length > 0);
  const pending = Promise.all(
    rest.map(
      (files) =>
        new Promise<CheckedFiles>((resolve, reject) => {
          // A larger young generation: parsing allocates many short-lived objects, and scavenges dominate otherwise.
          const w = new Worker(url, {
            workerData: { files, model },
            resourceLimits: { maxYoungGenerationSizeMb: 96 },
          });
          w.once("message", resolve);
          w.once("error", reject);
        }),
    ),
  );
  const mine = checkFiles(readInputs(own ?? [], true) as InputFile[], model);
  const results = [mine, ...(await pending)];
  return {
    findings: results.flatMap((r) => r.findings),
    objects: results.reduce((s, r) => s + r.objects, 0),
    unreadable: results.some((r) => r.unreadable),
  };
}
