/**
 * The container security context of Pod Security `restricted`
 * (kubernetes.io/docs/concepts/security/pod-security-standards/#restricted): no privilege escalation, non-root, every
 * capability dropped, the runtime's default seccomp profile. One definition for the platform's services and the
 * workloads it renders.
 */

/** A restricted container security context; `readOnlyRootFilesystem` for services that write only to volumes. */
export function restrictedContainerSecurityContext(options: { readOnlyRootFilesystem?: boolean } = {}) {
  return {
    allowPrivilegeEscalation: false,
    runAsNonRoot: true,
    ...(options.readOnlyRootFilesystem ? { readOnlyRootFilesystem: true, privileged: false } : {}),
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" as const },
  };
}
