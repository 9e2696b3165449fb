/**
 * aws-cdk-lib, loaded with `require()` rather than ESM `import`.
 * aws-cdk-lib's modules export every class through a lazy getter, so a module costs nothing until a class is used.
 * An ESM `import` of a CommonJS module reads every export to build its namespace, which fires all the getters:
 * importing `core`, `aws-ec2`, `aws-eks-v2` and `aws-iam` that way loads some 350 files (0.6 s here) against 4 with
 * `require()`. Files of this folder import types from aws-cdk-lib and values from here.
 */
import { createRequire } from "node:module";
import type * as Backup from "aws-cdk-lib/aws-backup";
import type * as Ec2 from "aws-cdk-lib/aws-ec2";
import type * as Efs from "aws-cdk-lib/aws-efs";
import type * as Eks from "aws-cdk-lib/aws-eks";
import type * as EksV2 from "aws-cdk-lib/aws-eks-v2";
import type * as Events from "aws-cdk-lib/aws-events";
import type * as EventsTargets from "aws-cdk-lib/aws-events-targets";
import type * as Iam from "aws-cdk-lib/aws-iam";
import type * as Kms from "aws-cdk-lib/aws-kms";
import type * as Logs from "aws-cdk-lib/aws-logs";
import type * as S3 from "aws-cdk-lib/aws-s3";
import type * as Sqs from "aws-cdk-lib/aws-sqs";
import type * as Core from "aws-cdk-lib/core";

const require = createRequire(import.meta.url);

/** `aws-cdk-lib/core`. */
export const core: typeof Core = require("aws-cdk-lib/core");
/** `aws-cdk-lib/aws-backup`. */
export const backup: typeof Backup = require("aws-cdk-lib/aws-backup");
/** `aws-cdk-lib/aws-ec2`. */
export const ec2: typeof Ec2 = require("aws-cdk-lib/aws-ec2");
/** `aws-cdk-lib/aws-efs`. */
export const efs: typeof Efs = require("aws-cdk-lib/aws-efs");
/** `aws-cdk-lib/aws-eks-v2`. */
export const eks: typeof EksV2 = require("aws-cdk-lib/aws-eks-v2");
/** `aws-cdk-lib/aws-eks` (L1 resources only, e.g. `CfnCapability`; the cluster comes from aws-eks-v2). */
export const eksL1: typeof Eks = require("aws-cdk-lib/aws-eks");
/** `aws-cdk-lib/aws-events`. */
export const events: typeof Events = require("aws-cdk-lib/aws-events");
/** `aws-cdk-lib/aws-events-targets`. */
export const targets: typeof EventsTargets = require("aws-cdk-lib/aws-events-targets");
/** `aws-cdk-lib/aws-iam`. */
export const iam: typeof Iam = require("aws-cdk-lib/aws-iam");
/** `aws-cdk-lib/aws-kms`. */
export const kms: typeof Kms = require("aws-cdk-lib/aws-kms");
/** `aws-cdk-lib/aws-logs`. */
export const logs: typeof Logs = require("aws-cdk-lib/aws-logs");
/** `aws-cdk-lib/aws-s3`. */
export const s3: typeof S3 = require("aws-cdk-lib/aws-s3");
/** `aws-cdk-lib/aws-sqs`. */
export const sqs: typeof Sqs = require("aws-cdk-lib/aws-sqs");
