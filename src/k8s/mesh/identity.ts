/**
 * Linkerd's mTLS identity managed by cert-manager and trust-manager instead of hand-made certificates
 * (linkerd.io/2-edge/tasks/automatically-rotating-control-plane-tls-credentials/ and
 * linkerd.io/2-edge/tasks/automatically-rotating-webhook-tls-credentials/):
 * - a self-signed ClusterIssuer mints the trust anchor (a CA Certificate in cert-manager's namespace, ECDSA P-256 as
 *   Linkerd requires); a CA ClusterIssuer signs with it;
 * - the identity issuer is a Certificate in `linkerd` signed by the trust anchor, rotated every 48 hours (Linkerd
 *   reads it as `identity.issuer.scheme: kubernetes.io/tls`);
 * - trust-manager's Bundle copies the anchor's public certificate into the `linkerd-identity-trust-roots` ConfigMap
 *   of the linkerd namespace only (`identity.externalCA: true` tells the chart not to create it);
 * - the three admission webhooks get cert-manager certificates too, so the chart does not generate a new CA on every
 *   render (which would keep the Application OutOfSync forever under Argo CD).
 * The anchor lives ten years: rotating it needs both anchors in the bundle for a while, a manual procedure
 * (linkerd.io/2-edge/tasks/manually-rotating-control-plane-tls-credentials/).
 */
import { baseLabels } from "../base-meta.js";
import { PLATFORM_NAMESPACES } from "../tenancy/platform-namespaces.js";
import type { KubeObject } from "../types.js";

/** Names shared by these objects and the control plane's values. */
export const MESH_IDENTITY = {
  selfSignedIssuer: "linkerd-self-signed",
  trustAnchor: "linkerd-trust-anchor",
  identityIssuer: "linkerd-identity-issuer",
  trustRoots: "linkerd-identity-trust-roots",
  trustRootsKey: "ca-bundle.crt",
  webhookCa: "linkerd-webhook-ca",
  webhookIssuer: "linkerd-webhook-issuer",
} as const;

/** The admission webhooks of the control plane, by Helm values key, with their Service (and secret) names. */
export const LINKERD_WEBHOOKS = {
  proxyInjector: "linkerd-proxy-injector",
  profileValidator: "linkerd-sp-validator",
  policyValidator: "linkerd-policy-validator",
} as const;

const certManager = PLATFORM_NAMESPACES.certManager;
const linkerd = PLATFORM_NAMESPACES.linkerd;
const ecdsa = { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" };

function meta(name: string, namespace?: string) {
  return { name, ...(namespace === undefined ? {} : { namespace }), labels: baseLabels("mesh") };
}

function caCertificate(name: string, namespace: string, commonName: string, issuer: object, duration: string) {
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: meta(name, namespace),
    spec: {
      secretName: name,
      isCA: true,
      commonName,
      duration,
      privateKey: { ...ecdsa },
      issuerRef: issuer,
    },
  };
}

/** cert-manager Issuers and Certificates and the trust-manager Bundle of Linkerd's identity. */
export function meshIdentity(): KubeObject[] {
  const selfSigned = { name: MESH_IDENTITY.selfSignedIssuer, kind: "ClusterIssuer", group: "cert-manager.io" };
  const anchorIssuer = { name: MESH_IDENTITY.trustAnchor, kind: "ClusterIssuer", group: "cert-manager.io" };
  const webhookIssuer = { name: MESH_IDENTITY.webhookIssuer, kind: "Issuer", group: "cert-manager.io" };
  const webhookCert = (name: string, pkcs8: boolean): KubeObject => ({
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: meta(name, linkerd),
    spec: {
      secretName: `${name}-k8s-tls`,
      commonName: `${name}.${linkerd}.svc`,
      dnsNames: [`${name}.${linkerd}.svc`],
      duration: "24h",
      renewBefore: "1h",
      isCA: false,
      // The policy validator (Rust) reads PKCS#8 keys only.
      privateKey: { ...ecdsa, ...(pkcs8 ? { encoding: "PKCS8" } : {}) },
      usages: ["server auth"],
      issuerRef: webhookIssuer,
    },
  });
  return [
    {
      apiVersion: "cert-manager.io/v1",
      kind: "ClusterIssuer",
      metadata: meta(selfSigned.name),
      spec: { selfSigned: {} },
    },
    caCertificate(MESH_IDENTITY.trustAnchor, certManager, "root.linkerd.cluster.local", selfSigned, "87600h"),
    // A ClusterIssuer reads its CA secret from cert-manager's own namespace (the cluster resource namespace).
    {
      apiVersion: "cert-manager.io/v1",
      kind: "ClusterIssuer",
      metadata: meta(MESH_IDENTITY.trustAnchor),
      spec: { ca: { secretName: MESH_IDENTITY.trustAnchor } },
    },
    {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: meta(MESH_IDENTITY.identityIssuer, linkerd),
      spec: {
        secretName: MESH_IDENTITY.identityIssuer,
        isCA: true,
        commonName: "identity.linkerd.cluster.local",
        dnsNames: ["identity.linkerd.cluster.local"],
        duration: "48h",
        renewBefore: "25h",
        privateKey: { ...ecdsa },
        usages: ["cert sign", "crl sign", "server auth", "client auth"],
        issuerRef: anchorIssuer,
      },
    },
    {
      apiVersion: "trust.cert-manager.io/v1alpha1",
      kind: "Bundle",
      metadata: meta(MESH_IDENTITY.trustRoots),
      spec: {
        sources: [{ secret: { name: MESH_IDENTITY.trustAnchor, key: "ca.crt" } }],
        target: {
          configMap: { key: MESH_IDENTITY.trustRootsKey },
          namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": linkerd } },
        },
      },
    },
    caCertificate(MESH_IDENTITY.webhookCa, linkerd, "webhook.linkerd.cluster.local", selfSigned, "8760h"),
    {
      apiVersion: "cert-manager.io/v1",
      kind: "Issuer",
      metadata: meta(MESH_IDENTITY.webhookIssuer, linkerd),
      spec: { ca: { secretName: MESH_IDENTITY.webhookCa } },
    },
    webhookCert(LINKERD_WEBHOOKS.proxyInjector, false),
    webhookCert(LINKERD_WEBHOOKS.profileValidator, false),
    webhookCert(LINKERD_WEBHOOKS.policyValidator, true),
  ];
}
