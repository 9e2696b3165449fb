/**
 * PriorityClass per workload type: the tenancy component owns the classes and the table (`src/k8s/tenancy/`);
 * placement and policy read the same one.
 */
export {
  PRIORITY_CLASS_BY_WORKLOAD_TYPE,
  PRIORITY_CLASSES,
  type PriorityClassName,
  type PriorityClassRow,
} from "../k8s/tenancy/priority-classes.js";
