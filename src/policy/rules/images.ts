/**
 * Image rule (AIP240, warning): images are pinned by a tag other than `latest`, or by digest, so a rollout or a
 * restart after a spot interruption runs the same code (https://kubernetes.io/docs/concepts/containers/images/#image-names).
 */
import type { PodRule } from "../types.js";

/** True when `image` names a digest or a tag other than `latest`. */
export function isPinned(image: string): boolean {
  if (image.includes("@sha256:")) return true;
  const last = image.slice(image.lastIndexOf("/") + 1);
  const colon = last.indexOf(":");
  return colon >= 0 && last.slice(colon + 1) !== "latest" && last.slice(colon + 1) !== "";
}

const pinned: PodRule = {
  id: "AIP240",
  title: "images pinned by tag or digest",
  severity: "warning",
  check(pod) {
    return pod.containers
      .filter((c) => typeof c.image === "string" && !isPinned(c.image))
      .map((c) => ({
        path: c.paths.image,
        message: `container ${c.name} image ${String(c.image)} is not pinned`,
        fix: "pin a version tag (not latest) or a digest",
        found: c.image,
      }));
  },
};

/** The image rules. */
export const IMAGE_RULES: readonly PodRule[] = [pinned];
