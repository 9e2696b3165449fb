/**
 * One worker of `aiplat serve gateway --workers N` (see gateway-workers.ts): starts a gateway from the options the
 * primary resolved, tells the primary it listens, and drains on SIGTERM or SIGINT.
 */
import { ConfigWatcher } from "../services/gateway/config-watch.js";
import { startGateway } from "../services/gateway/index.js";
import { reloadOnChange } from "./gateway-reload.js";
import { WORKER_OPTIONS_ENV, type WorkerReady, type WorkerStartOptions } from "./gateway-workers.js";

const raw = process.env[WORKER_OPTIONS_ENV];
if (raw === undefined || process.send === undefined) {
  process.stderr.write(`gateway-worker: run by \`aiplat serve gateway --workers N\`, not directly\n`);
  process.exit(2);
}
const options = JSON.parse(raw) as WorkerStartOptions;
const gw = await startGateway({
  config: options.config,
  host: options.host,
  port: options.port,
  db: options.db,
  redis: options.redis,
});
if (options.reload) {
  // The primary's signature: a change made after it loaded the files, or after a reload this replacement worker
  // missed, is applied at the first check.
  const watcher = new ConfigWatcher(options.reload.sources, options.reload.signature);
  watcher.follow(options.config);
  reloadOnChange(gw, watcher, options.reload.intervalMs, (line) =>
    process.stderr.write(`${line.replaceAll("aiplat gateway:", `aiplat gateway worker ${process.pid}:`)}\n`),
  );
}
const ready: WorkerReady = { aiplatGatewayReady: true, url: gw.url };
process.send(ready);
const stop = () => {
  gw.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
// The primary is gone (killed without forwarding a signal): drain and leave rather than serve unsupervised.
process.once("disconnect", stop);
