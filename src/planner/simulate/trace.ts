/**
 * Reader for the Alibaba GPU-sharing trace ("openb", cluster-trace-gpu-v2023) used by the FGD paper
 * (Weng et al., USENIX ATC'23). Columns are documented in the data folder's README. Parsing is pure; reading
 * the files is the CLI's job (`src/cli/read-trace.ts`), since only the edges touch the file system.
 */

/** A GPU node of the trace (`openb_node_list_gpu_node.csv`). */
export interface TraceNode {
  name: string;
  cpuMilli: number;
  memoryMib: number;
  /** Number of GPUs (0, 1, 2, 4 or 8). */
  gpus: number;
  /** GPU model, e.g. `G2`, `T4`; empty for CPU-only nodes. */
  model: string;
}

/** A task of the trace (`openb_pod_list_*.csv`). */
export interface TracePod {
  name: string;
  cpuMilli: number;
  memoryMib: number;
  /** GPUs requested (0..8). */
  numGpu: number;
  /** Share of each GPU requested, in thousandths (1000 = a whole GPU). */
  gpuMilli: number;
  /** Allowed GPU models; empty means any. */
  gpuSpec: readonly string[];
}

/** A parsed trace: the cluster and the original (unpadded) pod list. */
export interface Trace {
  nodes: TraceNode[];
  pods: TracePod[];
}

/** Default file names inside a trace directory. */
export const TRACE_FILES = {
  nodes: "openb_node_list_gpu_node.csv",
  pods: "openb_pod_list_default.csv",
} as const;

/** A malformed trace file: names the file, the 1-based line and column, and the column name. */
export class TraceError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    message: string,
  ) {
    super(`${file}:${line}:${column}: ${message}`);
    this.name = "TraceError";
  }
}

interface Row {
  line: number;
  fields: string[];
  starts: number[];
}

function splitRows(text: string): { header: Row; rows: Row[] } | undefined {
  const lines = text.split(/\r?\n/);
  const rows: Row[] = [];
  lines.forEach((raw, i) => {
    if (raw.trim() === "") return;
    const fields = raw.split(",");
    const starts: number[] = [];
    let pos = 1;
    for (const f of fields) {
      starts.push(pos);
      pos += f.length + 1;
    }
    rows.push({ line: i + 1, fields: fields.map((f) => f.trim()), starts });
  });
  const [header, ...rest] = rows;
  return header ? { header, rows: rest } : undefined;
}

function columnIndex(file: string, header: Row, required: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  header.fields.forEach((name, i) => {
    index.set(name, i);
  });
  for (const name of required) {
    if (!index.has(name)) {
      throw new TraceError(file, header.line, 1, `missing column "${name}" (found: ${header.fields.join(", ")})`);
    }
  }
  return index;
}

function field(file: string, row: Row, index: Map<string, number>, name: string): string {
  const i = index.get(name) ?? -1;
  const value = row.fields[i];
  if (value === undefined) {
    const col = (row.starts.at(-1) ?? 1) + (row.fields.at(-1)?.length ?? 0);
    throw new TraceError(file, row.line, col, `column "${name}" is missing (row has ${row.fields.length} fields)`);
  }
  return value;
}

function intField(file: string, row: Row, index: Map<string, number>, name: string, max = 2 ** 31 - 1): number {
  const value = field(file, row, index, name);
  const col = row.starts[index.get(name) ?? 0] ?? 1;
  if (!/^\d+$/.test(value)) {
    throw new TraceError(file, row.line, col, `column "${name}": expected a non-negative integer, found "${value}"`);
  }
  const n = Number(value);
  if (n > max) throw new TraceError(file, row.line, col, `column "${name}": ${n} is above the maximum ${max}`);
  return n;
}

/** Parses a node list (`sn,cpu_milli,memory_mib,gpu,model`). `file` is used in error messages only. */
export function parseNodeList(text: string, file: string): TraceNode[] {
  const table = splitRows(text);
  if (!table) throw new TraceError(file, 1, 1, "empty file: expected a header sn,cpu_milli,memory_mib,gpu,model");
  const index = columnIndex(file, table.header, ["sn", "cpu_milli", "memory_mib", "gpu", "model"]);
  return table.rows.map((row) => {
    const gpus = intField(file, row, index, "gpu", 8);
    const model = field(file, row, index, "model");
    return {
      name: field(file, row, index, "sn"),
      cpuMilli: intField(file, row, index, "cpu_milli"),
      memoryMib: intField(file, row, index, "memory_mib"),
      gpus,
      model: model === "nan" ? "" : model,
    };
  });
}

/** Parses a pod list (`name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,...`). */
export function parsePodList(text: string, file: string): TracePod[] {
  const table = splitRows(text);
  if (!table) throw new TraceError(file, 1, 1, "empty file: expected a header name,cpu_milli,memory_mib,num_gpu,...");
  const index = columnIndex(file, table.header, ["name", "cpu_milli", "memory_mib", "num_gpu", "gpu_milli"]);
  return table.rows.map((row) => {
    const numGpu = intField(file, row, index, "num_gpu", 8);
    let gpuMilli = intField(file, row, index, "gpu_milli", 1000);
    if (numGpu === 0) gpuMilli = 0;
    if (numGpu > 0 && gpuMilli === 0) {
      const col = row.starts[index.get("gpu_milli") ?? 0] ?? 1;
      throw new TraceError(file, row.line, col, `column "gpu_milli": a pod with num_gpu=${numGpu} must request > 0`);
    }
    if (numGpu > 1 && gpuMilli < 1000) {
      const col = row.starts[index.get("gpu_milli") ?? 0] ?? 1;
      throw new TraceError(file, row.line, col, `column "gpu_milli": a ${numGpu}-GPU pod must use whole GPUs (1000)`);
    }
    const specRaw = index.has("gpu_spec") ? field(file, row, index, "gpu_spec") : "";
    const gpuSpec = specRaw === "" || specRaw === "nan" ? [] : specRaw.split("|").filter((s) => s !== "");
    return {
      name: field(file, row, index, "name"),
      cpuMilli: intField(file, row, index, "cpu_milli"),
      memoryMib: intField(file, row, index, "memory_mib"),
      numGpu,
      gpuMilli,
      gpuSpec,
    };
  });
}
