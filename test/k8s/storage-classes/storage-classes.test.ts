import { describe, expect, it } from "vitest";
import { renderStorageClasses } from "../../../src/k8s/storage-classes/index.js";
import { defaultModel, expectSchemaValid, modelWith } from "../base/fixtures.js";

const objects = (m = defaultModel()) => renderStorageClasses(m).files.flatMap((f) => f.objects);
const withEfs = modelWith("  storage:\n    efs:\n      fileSystemId: fs-0123456789abcdef0\n");

describe("storage classes", () => {
  it("every object is schema-valid", () => {
    for (const o of objects(withEfs)) expectSchemaValid(o);
  });

  it("makes gp3 the one default class: encrypted, EBS CSI, WaitForFirstConsumer", () => {
    const classes = objects().filter((o) => o.kind === "StorageClass");
    const defaults = classes.filter(
      (o) => o.metadata.annotations?.["storageclass.kubernetes.io/is-default-class"] === "true",
    );
    expect(defaults.map((o) => o.metadata.name)).toEqual(["gp3"]);
    expect(defaults[0]).toMatchObject({
      provisioner: "ebs.csi.aws.com",
      volumeBindingMode: "WaitForFirstConsumer",
      parameters: { type: "gp3", encrypted: "true" },
    });
    expect(classes.find((o) => o.metadata.name === "io2")).toMatchObject({
      reclaimPolicy: "Retain",
      parameters: { type: "io2", encrypted: "true" },
    });
  });

  it("renders efs with dynamic access points once the file system id is known", () => {
    expect(objects().find((o) => o.metadata.name === "efs")).toBeUndefined();
    expect(objects(withEfs).find((o) => o.metadata.name === "efs")).toMatchObject({
      provisioner: "efs.csi.aws.com",
      parameters: { provisioningMode: "efs-ap", fileSystemId: "fs-0123456789abcdef0" },
    });
  });

  it("rejects a malformed file system id in the spec", () => {
    expect(() => modelWith("  storage:\n    efs:\n      fileSystemId: my-fs\n")).toThrow();
  });

  it("has an EBS VolumeSnapshotClass for Velero", () => {
    expect(objects().find((o) => o.kind === "VolumeSnapshotClass")).toMatchObject({
      driver: "ebs.csi.aws.com",
      metadata: { labels: { "velero.io/csi-volumesnapshot-class": "true" } },
    });
  });
});
