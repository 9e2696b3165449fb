/** PrometheusRule objects and the alert-rule shape the platform's rule files share. */
import { baseLabels } from "../base-meta.js";
import { PLATFORM_NAMESPACES } from "../tenancy/platform-namespaces.js";
import type { KubeObject } from "../types.js";

/** One alerting rule (https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/). */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  /** How long the condition must hold before the alert fires. */
  readonly for: string;
  readonly labels: { readonly severity: "critical" | "warning" | "info" } & Readonly<Record<string, string>>;
  readonly annotations: { readonly summary: string; readonly description: string };
}

/** A named group of rules. */
export interface RuleGroup {
  readonly name: string;
  readonly rules: readonly AlertRule[];
}

/** A `monitoring.coreos.com/v1` PrometheusRule in the monitoring namespace; `component` labels who owns it. */
export function prometheusRule(name: string, component: string, groups: readonly RuleGroup[]): KubeObject {
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: { name, namespace: PLATFORM_NAMESPACES.monitoring, labels: baseLabels(component) },
    spec: {
      groups: groups.map((g) => ({
        name: g.name,
        rules: g.rules.map((r) => ({
          alert: r.alert,
          expr: r.expr,
          for: r.for,
          labels: { ...r.labels },
          annotations: { ...r.annotations },
        })),
      })),
    },
  };
}

/** A PromQL regex matcher value for exactly these strings (`^(a|b)$` is implied by PromQL's anchoring). */
export function oneOf(values: readonly string[]): string {
  return values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, "\\\\$&")).join("|");
}
