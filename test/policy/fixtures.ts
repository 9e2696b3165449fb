/** The shared manifest fixtures: valid files have no finding; each invalid file's `# expect: CODE path` header names its one finding. */
import { readdirSync, readFileSync } from "node:fs";

/** Folder of the fixtures. */
export const MANIFESTS = new URL("../fixtures/manifests/", import.meta.url).pathname;

/** One invalid fixture and the finding it must produce. */
export interface InvalidFixture {
  readonly file: string;
  readonly path: string;
  readonly code: string;
  readonly findingPath: string;
}

/** Paths of the valid fixtures. */
export function validFixtures(): string[] {
  return readdirSync(`${MANIFESTS}valid`)
    .sort()
    .map((f) => `${MANIFESTS}valid/${f}`);
}

/** The invalid fixtures with their expectation. */
export function invalidFixtures(): InvalidFixture[] {
  return readdirSync(`${MANIFESTS}invalid`)
    .sort()
    .map((file) => {
      const path = `${MANIFESTS}invalid/${file}`;
      const m = /^# expect: (AIP\d+) (\S+)$/m.exec(readFileSync(path, "utf8"));
      if (!m) throw new Error(`${file} has no "# expect: CODE path" line`);
      return { file, path, code: m[1]!, findingPath: m[2]! };
    });
}
