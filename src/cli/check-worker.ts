/**
 * Worker thread of `aiplat check` on large inputs: reads, parses and checks its share of the files and posts the
 * located findings back. YAML parsing is most of the time, and files are independent, so N cores give ~N x.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { PlatformModel } from "../model/types.js";
import { checkFiles } from "./check-report.js";
import { readInputs } from "./input-files.js";

const { files, model } = workerData as { files: string[]; model: PlatformModel };
parentPort!.postMessage(checkFiles(readInputs(files, false), model));
