/**
 * StorageClasses and the EBS VolumeSnapshotClass.
 * - gp3: the default class; encrypted (EBS default KMS key), WaitForFirstConsumer so the volume is created in the
 *   zone the scheduler picked for the pod (github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/master/docs/parameters.md).
 * - io2: provisioned IOPS for checkpoints, Retain (a deleted claim must not take a week of training with it).
 * - efs: dynamic provisioning with one access point per claim on the platform's file system
 *   (github.com/kubernetes-sigs/aws-efs-csi-driver/blob/master/docs/README.md#dynamic-provisioning). The file system
 *   id exists only after the AWS stack is deployed: it is `spec.storage.efs.fileSystemId`, copied from the stack's
 *   `EfsFileSystemId` output, and the class is rendered once it is set (a class with a placeholder id would only
 *   turn every claim into a provisioning error, and StorageClass parameters cannot be changed in place).
 * - VolumeSnapshotClass for EBS, labelled for Velero's CSI snapshots. It needs the snapshot CRDs and controller
 *   (the EKS `snapshot-controller` add-on).
 */
import { KUSTOMIZE_SOURCES } from "../../catalog/index.js";
import type { PlatformModel } from "../../model/index.js";
import { baseLabels } from "../base-meta.js";
import { kustomizeApplication } from "../gitops/kustomize-application.js";
import type { ComponentManifests, GitopsApplication, KubeObject } from "../types.js";

const DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";

function storageClass(
  name: string,
  isDefault: boolean,
  rest: { provisioner: string; parameters: Record<string, string>; [k: string]: unknown },
): KubeObject {
  return {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: {
      name,
      labels: baseLabels("storage-classes"),
      annotations: { [DEFAULT_CLASS_ANNOTATION]: String(isDefault) },
    },
    ...rest,
  };
}

/** The EBS classes the spec lists (`storage.ebs.classes`), the default one annotated. */
export function ebsStorageClasses(model: PlatformModel): KubeObject[] {
  const { classes, defaultClass } = model.storage.ebs;
  const common = {
    provisioner: "ebs.csi.aws.com",
    volumeBindingMode: "WaitForFirstConsumer",
    allowVolumeExpansion: true,
  };
  const out: KubeObject[] = [];
  if (classes.includes("gp3")) {
    out.push(
      storageClass("gp3", defaultClass === "gp3", {
        ...common,
        reclaimPolicy: "Delete",
        parameters: { type: "gp3", encrypted: "true", "csi.storage.k8s.io/fstype": "ext4" },
      }),
    );
  }
  if (classes.includes("io2")) {
    out.push(
      storageClass("io2", defaultClass === "io2", {
        ...common,
        reclaimPolicy: "Retain",
        // 50 IOPS per GiB (io2 allows up to 1000); small volumes are raised to io2's minimum of 100 IOPS.
        parameters: {
          type: "io2",
          iopsPerGB: "50",
          allowAutoIOPSPerGBIncrease: "true",
          encrypted: "true",
          "csi.storage.k8s.io/fstype": "ext4",
        },
      }),
    );
  }
  return out;
}

/** The `efs` class, when EFS is enabled and its file system id is known. */
export function efsStorageClass(model: PlatformModel): KubeObject | undefined {
  const efs = model.storage.efs;
  if (!efs.enabled || efs.fileSystemId === undefined) return undefined;
  return storageClass("efs", false, {
    provisioner: "efs.csi.aws.com",
    reclaimPolicy: "Delete",
    volumeBindingMode: "Immediate",
    parameters: {
      provisioningMode: "efs-ap",
      fileSystemId: efs.fileSystemId,
      // Each claim gets its own access point rooted at /dynamic/<namespace>/<claim>, owned by a distinct GID, so a
      // team's pods cannot read another team's claim through the shared file system.
      directoryPerms: "0770",
      gidRangeStart: "50000",
      gidRangeEnd: "59999",
      basePath: "/dynamic",
      // The driver's own template syntax, not a JavaScript placeholder.
      // biome-ignore lint/suspicious/noTemplateCurlyInString: efs-csi-driver subPathPattern
      subPathPattern: "${.PVC.namespace}/${.PVC.name}",
      ensureUniqueDirectory: "true",
    },
  });
}

/** The EBS VolumeSnapshotClass (Velero picks the class labelled `velero.io/csi-volumesnapshot-class`). */
export function ebsSnapshotClass(): KubeObject {
  return {
    apiVersion: "snapshot.storage.k8s.io/v1",
    kind: "VolumeSnapshotClass",
    metadata: {
      name: "ebs",
      labels: { ...baseLabels("storage-classes"), "velero.io/csi-volumesnapshot-class": "true" },
      annotations: {
        "snapshot.storage.kubernetes.io/is-default-class": "true",
        // Argo CD's dry run fails on a kind whose CRD is not there yet; the apply still needs the add-on's CRDs.
        "argocd.argoproj.io/sync-options": "SkipDryRunOnMissingResource=true",
      },
    },
    driver: "ebs.csi.aws.com",
    // Retain: a backup's snapshot outlives the VolumeSnapshot object Velero creates and deletes.
    deletionPolicy: "Retain",
  };
}

/** The `storage-classes` component. */
export function renderStorageClasses(model: PlatformModel): ComponentManifests {
  const efs = efsStorageClass(model);
  return {
    component: "storage-classes",
    files: [
      { name: "storage-classes", objects: [...ebsStorageClasses(model), ...(efs ? [efs] : [])] },
      { name: "volume-snapshot-classes", objects: [ebsSnapshotClass()] },
    ],
  };
}

/**
 * The CSI snapshot CRDs and controller (kubernetes-csi/external-snapshotter at a pinned tag): EKS installs neither,
 * and without them the VolumeSnapshotClass above cannot be applied nor Velero take EBS snapshots through CSI.
 */
export function snapshotApplications(model: PlatformModel): GitopsApplication[] {
  return [
    kustomizeApplication(model, "snapshot-crds", KUSTOMIZE_SOURCES["snapshot-crds"]),
    kustomizeApplication(model, "snapshot-controller", KUSTOMIZE_SOURCES["snapshot-controller"]),
  ];
}
