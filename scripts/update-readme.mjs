// Refreshes the generated parts of README.md (the spec field reference) from the built sources.
import { readFileSync, writeFileSync } from "node:fs";
import { specReferenceMarkdown } from "../build/spec/reference.js";

const START = "<!-- spec-reference:start -->";
const END = "<!-- spec-reference:end -->";
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const before = readme.slice(0, readme.indexOf(START) + START.length);
const after = readme.slice(readme.indexOf(END));
writeFileSync(new URL("../README.md", import.meta.url), `${before}\n${specReferenceMarkdown()}\n${after}`);
