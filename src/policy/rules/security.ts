/**
 * Pod Security `restricted` (AIP22x) in team namespaces, as the Pod Security admission controller checks it:
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted. One finding per violation, at the
 * field that violates it; container-level fixes come with a patch.
 */
import type { ContainerView, PodView } from "../pods.js";
import { type PodRule, type PolicyContext, pointer, type RuleHit } from "../types.js";

type Obj = Record<string, unknown>;

function inScope(pod: PodView, ctx: PolicyContext): boolean {
  return (
    ctx.model.security.podSecurity === "restricted" &&
    pod.namespace !== undefined &&
    ctx.teamNamespaces.has(pod.namespace)
  );
}

const podSc = (pod: PodView): Obj => (pod.spec.securityContext as Obj | undefined) ?? {};
const sc = (c: ContainerView): Obj => c.securityContext ?? {};

/** A patch setting `field` of the container's securityContext (creating it when absent). */
function setField(c: ContainerView, field: string, value: unknown) {
  return c.securityContext === undefined
    ? [{ op: "add" as const, path: pointer(c.paths.securityContext), value: { [field]: value } }]
    : [{ op: "add" as const, path: pointer([...c.paths.securityContext, field]), value }];
}

const hostAccess: PodRule = {
  id: "AIP220",
  title: "no host namespaces, host ports or privileged containers",
  severity: "error",
  check(pod, ctx) {
    if (!inScope(pod, ctx)) return [];
    const hits: RuleHit[] = [];
    for (const f of ["hostNetwork", "hostPID", "hostIPC"])
      if (pod.spec[f] === true)
        hits.push({
          path: [...pod.specPath, f],
          message: `${f}: true is not allowed`,
          fix: `remove ${f}`,
          patch: [{ op: "remove", path: pointer([...pod.specPath, f]) }],
        });
    for (const c of pod.containers) {
      if (sc(c).privileged === true)
        hits.push({
          path: [...c.paths.securityContext, "privileged"],
          message: `container ${c.name} is privileged`,
          fix: "set privileged: false",
          patch: setField(c, "privileged", false),
        });
      for (const [i, p] of (c.ports ?? []).entries())
        if (p.hostPort !== undefined && p.hostPort !== 0)
          hits.push({
            path: [...c.paths.self, "ports", i, "hostPort"],
            message: `container ${c.name} uses hostPort ${String(p.hostPort)}`,
            fix: "remove hostPort; expose through a Service",
          });
    }
    return hits;
  },
};

const ALLOWED_VOLUMES = new Set([
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "persistentVolumeClaim",
  "projected",
  "secret",
]);

const volumeTypes: PodRule = {
  id: "AIP221",
  title: "only the volume types restricted allows",
  severity: "error",
  check(pod, ctx) {
    if (!inScope(pod, ctx) || !Array.isArray(pod.spec.volumes)) return [];
    return (pod.spec.volumes as Obj[]).flatMap((v, i) => {
      const bad = Object.keys(v).filter((k) => k !== "name" && !ALLOWED_VOLUMES.has(k));
      return bad.map((k) => ({
        path: [...pod.specPath, "volumes", i, k],
        message: `volume ${String(v.name)} is of type ${k}`,
        fix: `use one of ${[...ALLOWED_VOLUMES].join(", ")}`,
        found: k,
        allowed: [...ALLOWED_VOLUMES],
      }));
    });
  },
};

const privilegeEscalation: PodRule = {
  id: "AIP222",
  title: "allowPrivilegeEscalation: false on every container",
  severity: "error",
  check(pod, ctx) {
    if (!inScope(pod, ctx)) return [];
    return pod.containers
      .filter((c) => sc(c).allowPrivilegeEscalation !== false)
      .map((c) => ({
        path: [...c.paths.securityContext, "allowPrivilegeEscalation"],
        message: `container ${c.name} does not set allowPrivilegeEscalation: false`,
        fix: "set securityContext.allowPrivilegeEscalation: false",
        patch: setField(c, "allowPrivilegeEscalation", false),
      }));
  },
};

const nonRoot: PodRule = {
  id: "AIP223",
  title: "runs as non-root",
  severity: "error",
  check(pod, ctx) {
    if (!inScope(pod, ctx)) return [];
    const podNonRoot = podSc(pod).runAsNonRoot === true;
    const hits: RuleHit[] = [];
    if (podSc(pod).runAsUser === 0)
      hits.push({
        path: [...pod.specPath, "securityContext", "runAsUser"],
        message: "pod runs as user 0",
        fix: "run as a non-zero user",
      });
    for (const c of pod.containers) {
      if (sc(c).runAsUser === 0)
        hits.push({
          path: [...c.paths.securityContext, "runAsUser"],
          message: `container ${c.name} runs as user 0`,
          fix: "run as a non-zero user",
        });
      if (!podNonRoot && sc(c).runAsNonRoot !== true)
        hits.push({
          path: [...c.paths.securityContext, "runAsNonRoot"],
          message: `container ${c.name} may run as root (runAsNonRoot is not true)`,
          fix: "set runAsNonRoot: true on the pod or container",
          patch: setField(c, "runAsNonRoot", true),
        });
    }
    return hits;
  },
};

const seccomp: PodRule = {
  id: "AIP224",
  title: "seccomp profile RuntimeDefault or Localhost",
  severity: "error",
  check(pod, ctx) {
    if (!inScope(pod, ctx)) return [];
    const ok = (p: unknown) => ["RuntimeDefault", "Localhost"].includes(String((p as Obj | undefined)?.type));
    const podOk = ok(podSc(pod).seccompProfile);
    return pod.containers
      .filter((c) => (sc(c).seccompProfile === undefined ? !podOk : !ok(sc(c).seccompProfile)))
      .map((c) => ({
        path: [...c.paths.securityContext, "seccompProfile"],
        message: `container ${c.name} has no RuntimeDefault or Localhost seccomp profile`,
        fix: "set seccompProfile.type: RuntimeDefault on the pod or container",
        patch: setField(c, "seccompProfile", { type: "RuntimeDefault" }),
      }));
  },
};

const capabilities: PodRule = {
  id: "AIP225",
  title: "capabilities drop ALL; add at most NET_BIND_SERVICE",
  severity: "error",
  check(pod, ctx) {
    if (!inScope(pod, ctx)) return [];
    const hits: RuleHit[] = [];
    for (const c of pod.containers) {
      const caps = (sc(c).capabilities as { drop?: unknown; add?: unknown } | undefined) ?? {};
      const drop = Array.isArray(caps.drop) ? caps.drop.map(String) : [];
      if (!drop.includes("ALL"))
        hits.push({
          path: [...c.paths.securityContext, "capabilities", "drop"],
          message: `container ${c.name} does not drop ALL capabilities`,
          fix: "set capabilities.drop: [ALL]",
          patch: setField(c, "capabilities", { ...caps, drop: ["ALL"] }),
        });
      const added = (Array.isArray(caps.add) ? caps.add.map(String) : []).filter((x) => x !== "NET_BIND_SERVICE");
      if (added.length > 0)
        hits.push({
          path: [...c.paths.securityContext, "capabilities", "add"],
          message: `container ${c.name} adds ${added.join(", ")}`,
          fix: "add no capability but NET_BIND_SERVICE",
        });
    }
    return hits;
  },
};

/** The Pod Security rules, in ID order. */
export const SECURITY_RULES: readonly PodRule[] = [
  hostAccess,
  volumeTypes,
  privilegeEscalation,
  nonRoot,
  seccomp,
  capabilities,
];
