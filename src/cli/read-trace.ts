/**
 * Reads an Alibaba GPU-sharing trace directory (`--trace DIR`) for the online simulation. The parsers are pure and
 * live in the planner; only the file reading is here, at the edge (STYLE.md: file system only in cli/, emit/, ...).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseNodeList, parsePodList, TRACE_FILES, type Trace } from "../planner/simulate/trace.js";

/** Options of {@link readTrace}. */
export interface ReadTraceOptions {
  /** Pod list file name inside the directory. @default "openb_pod_list_default.csv" */
  podList?: string;
  /** Node list file name inside the directory. @default "openb_node_list_gpu_node.csv" */
  nodeList?: string;
}

/** Reads the node list and a pod list from a trace directory. */
export async function readTrace(dir: string, options: ReadTraceOptions = {}): Promise<Trace> {
  const nodeFile = join(dir, options.nodeList ?? TRACE_FILES.nodes);
  const podFile = join(dir, options.podList ?? TRACE_FILES.pods);
  const [nodeText, podText] = await Promise.all([readFile(nodeFile, "utf8"), readFile(podFile, "utf8")]);
  return { nodes: parseNodeList(nodeText, nodeFile), pods: parsePodList(podText, podFile) };
}
