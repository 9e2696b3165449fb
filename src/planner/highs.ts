/**
 * HiGHS (WebAssembly) for the planner's integer programs: loaded once, then solved synchronously from CPLEX LP text.
 * https://github.com/lovasoa/highs-js
 */
import * as highsModule from "highs";

/** The part of the highs-js one-shot API the planner uses. */
interface HighsSolver {
  solve(
    model: string,
    options?: Record<string, unknown>,
  ): { Status: string; ObjectiveValue: number; Columns: Record<string, { Primal?: number }> };
}

// The package is CommonJS with a default export; under NodeNext its typings do not resolve to a callable default.
const loadHighs = ((highsModule as unknown as { default: unknown }).default ??
  highsModule) as () => Promise<HighsSolver>;
let instance: Promise<HighsSolver> | undefined;

/** The solver, loaded on first use. */
export function highs(): Promise<HighsSolver> {
  instance ??= loadHighs();
  return instance;
}

/** A solved program: its status, objective and column values. */
export interface Solved {
  /** HiGHS model status, e.g. `Optimal`, `Infeasible`. */
  readonly status: string;
  readonly objective: number;
  readonly values: Readonly<Record<string, number>>;
}

/** Solves an LP-format model (`Minimize ... Subject To ... Bounds ... General ... End`). */
export async function solveLp(model: string): Promise<Solved> {
  const solver = await highs();
  const r = solver.solve(model, { presolve: "on", time_limit: 30, output_flag: false });
  const values: Record<string, number> = {};
  for (const [name, col] of Object.entries(r.Columns)) values[name] = col.Primal ?? 0;
  return { status: r.Status, objective: r.ObjectiveValue, values };
}
