/**
 * Keeps cdk-nag from loading CloudFormation L1 modules of services the stack does not use.
 *
 * Every AwsSolutions rule starts with `node instanceof aws_xxx.CfnYyy`, and reading `aws_xxx.CfnYyy` makes
 * aws-cdk-lib load that service's generated L1 file: run against one CfnResource, the pack loads some forty of them
 * (QuickSight's alone is 5 MB of JavaScript), about 15 MB of source to compile, most of the synthesis time.
 * An instance of an L1 class can only exist if its generated file was loaded, so while a service's generated files
 * are not in the module cache, `x instanceof CfnYyy` is false for every x. This replaces each not-yet-read `Cfn*`
 * export of such a service with a stand-in whose `instanceof` answers exactly that, and which loads the real class
 * (and behaves as it) as soon as the service's files are loaded or anything else is done with it.
 * Results are unchanged: only loading is deferred.
 */
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
let done = false;

/** Installs the stand-ins on every aws-cdk-lib service module cdk-nag has loaded (idempotent). */
export function deferUnusedL1Classes(): void {
  if (done) return;
  done = true;
  for (const file of Object.keys(require.cache)) {
    const m = /[\\/]aws-cdk-lib[\\/](aws-[a-z0-9-]+)[\\/]index\.js$/.exec(file);
    if (!m) continue;
    const lib = join(dirname(file), "lib");
    let generated: string[];
    try {
      generated = readdirSync(lib)
        .filter((f) => f.endsWith(".generated.js"))
        .map((f) => join(lib, f));
    } catch {
      continue;
    }
    const loaded = () => generated.some((g) => require.cache[g] !== undefined);
    if (loaded()) continue;
    const exports = require.cache[file]!.exports as Record<string, unknown>;
    for (const key of Object.keys(exports)) {
      if (!key.startsWith("Cfn")) continue;
      const desc = Object.getOwnPropertyDescriptor(exports, key);
      if (!desc?.get || !desc.configurable) continue;
      Object.defineProperty(exports, key, {
        configurable: true,
        enumerable: true,
        get: () => standIn(desc.get!.bind(exports) as () => new (...args: unknown[]) => object, loaded),
      });
    }
  }
}

function standIn(real: () => new (...args: unknown[]) => object, loaded: () => boolean): unknown {
  const target = function CfnStandIn() {};
  return new Proxy(target, {
    get(_t, p) {
      if (p === Symbol.hasInstance) return (x: unknown) => loaded() && x instanceof real();
      return Reflect.get(real(), p);
    },
    construct: (_t, args, newTarget) => Reflect.construct(real(), args, newTarget === target ? real() : newTarget),
    apply: (_t, self, args) => Reflect.apply(real() as unknown as (...a: unknown[]) => unknown, self, args),
    has: (_t, p) => Reflect.has(real(), p),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor: (_t, p) => Reflect.getOwnPropertyDescriptor(real(), p),
  });
}
