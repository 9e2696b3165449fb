/** The request line formatted by hand must be the line pino writes for the same record (keys, order, values). */
import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../../src/services/gateway/logger.js";
import { type RequestLogRecord, requestLog, requestLogObject } from "../../../src/services/gateway/request-log.js";

function sink(): { stream: Writable; text: () => string } {
  let buf = "";
  const stream = new Writable({
    write(chunk, _enc, cb) {
      buf += chunk.toString();
      cb();
    },
  });
  return { stream, text: () => buf };
}

const base: RequestLogRecord = {
  path: "/v1/chat/completions",
  team: "research",
  keyId: "research-1",
  model: "llama",
  servedModel: "llama",
  endpoint: "http://10.0.0.7:8000",
  status: 200,
  code: undefined,
  latencyMs: 1.23456789,
  ttftMs: 0,
  attempts: 1,
  promptTokens: 11,
  completionTokens: 16,
  traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
};

const records: Array<[string, RequestLogRecord]> = [
  ["a served request", base],
  [
    "a rejected request (undefined fields, null time to first token)",
    {
      ...base,
      model: "",
      servedModel: "",
      endpoint: undefined,
      status: 400,
      code: "invalid_json",
      ttftMs: null,
      attempts: undefined,
      promptTokens: undefined,
      completionTokens: undefined,
    },
  ],
  [
    "strings that need escaping and a body",
    {
      ...base,
      model: 'we"ird\\model\n\u0001é😀',
      body: '{"messages":[{"content":"tab\there"}]}',
    },
  ],
  ["a non-finite latency", { ...base, latencyMs: Number.POSITIVE_INFINITY, ttftMs: Number.NaN }],
];

/** The line without its time, which the two writers take at different instants. */
const withoutTime = (line: string) => line.replace(/^(\{"level":30,"time":)\d+,/, "$1T,");

describe("request log line", () => {
  it.each(records)("%s: byte for byte what pino writes", (_name, record) => {
    const fast = sink();
    requestLog(createLogger({ level: "info", destination: fast.stream }))(record);
    const generic = sink();
    createLogger({ level: "info", destination: generic.stream }).info(requestLogObject(record));
    expect(fast.text()).toMatch(/^\{"level":30,"time":\d+,"service":"aiplat-gateway","msg":"request",/);
    expect(fast.text().endsWith("}\n")).toBe(true);
    expect(withoutTime(fast.text())).toBe(withoutTime(generic.text()));
    expect(JSON.parse(fast.text())).toMatchObject({ model: record.model, status: record.status });
  });

  it("writes nothing when the level is above info, and follows level changes", () => {
    const out = sink();
    const logger = createLogger({ level: "warn", destination: out.stream });
    const log = requestLog(logger);
    log(base);
    expect(out.text()).toBe("");
    logger.level = "info";
    log(base);
    expect(out.text().split("\n").filter(Boolean)).toHaveLength(1);
  });

  it("goes through logger.info for a logger it did not make (its formatters apply)", () => {
    const out = sink();
    const logger = pino({ level: "info", formatters: { level: (label) => ({ severity: label }) } }, out.stream);
    requestLog(logger)(base);
    const line = JSON.parse(out.text()) as Record<string, unknown>;
    expect(line).toMatchObject({ severity: "info", msg: "request", team: "research", status: 200 });
  });
});
