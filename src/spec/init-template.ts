/**
 * The commented `platform.yaml` that `aiplat init` writes: every section of the spec with its default value, so a
 * user edits instead of starting from nothing. Loading it gives exactly the default platform (a test checks this).
 */
export const INIT_TEMPLATE = `# eks-ai-platform: one file describes the whole platform.
# Every value below is the default; delete a line to keep its default, edit it to change it.
# Check it:        npx aiplat validate -f platform.yaml
# Synthesize it:   npx aiplat synth -f platform.yaml -o dist/
apiVersion: eks-ai-platform/v1alpha1
kind: Platform
metadata:
  name: ml-platform            # output folder, cluster and stack name (a DNS label)
spec:
  aws:
    region: us-west-2
    availabilityZones: 3       # 2..6; nodes, EFS mount targets and NAT gateways spread over them
    # account: "123456789012"  # optional: synthesis is environment-agnostic without it
    tags: {}                   # extra tags on every AWS resource
  cluster:
    kubernetesVersion: "1.33"  # add-on versions are pinned per Kubernetes version
    endpoint: private-and-public   # private-and-public | private | public
    publicAccessCidrs: []      # restrict the public endpoint, e.g. ["203.0.113.0/24"]
    secretsEncryption: kms     # Secrets envelope-encrypted with a customer-managed key
    controlPlaneLogging: [api, audit, authenticator, controllerManager, scheduler]
    addonVersions: {}          # override a pinned EKS add-on, e.g. { vpc-cni: v1.22.4-eksbuild.3 }
  # Who creates GPU nodes: karpenter, or managed-node-groups (with Cluster Autoscaler).
  # The CPU pool is always a managed node group; a MIG pool is one unless it sets nodeOverlay: true.
  provisioner: karpenter
  nodePools:
    cpu:                       # platform services and CPU workloads
      instanceTypes: [m5.2xlarge, m5.4xlarge]
      workloadTypes: [control, mlops, agents]
      minNodes: 3
      maxNodes: 12
    a100-timeslice:            # 8x A100 40GB per node, each GPU shared by 4 (10 GiB memory budget each)
      instanceTypes: [p4d.24xlarge]
      gpuSharing:
        timeSlicing: { replicas: 4 }   # 2..16; or mps: { replicas: N } for enforced memory fractions
      workloadTypes: [research, training, development, batch-inference]
      taints: ["gpu=true:NoSchedule"]
      capacityTypes: [spot, on-demand] # preferred first; spot training needs checkpoints
      maxNodes: 4
      rootVolumeGiB: 500
    a100-mig:                  # 8x A100 80GB per node (p4de; the seed's p5 is H100), each split by MIG
      instanceTypes: [p4de.24xlarge]
      gpuSharing:
        mig: { layout: [3g.40gb, 2g.20gb, 1g.10gb, 1g.10gb] }   # checked against NVIDIA's placement rules
      workloadTypes: [production-inference, critical-agents]
      taints: ["gpu=mig:NoSchedule"]
      capacityTypes: [on-demand]
      minNodes: 1
      maxNodes: 4
      rootVolumeGiB: 500
      # nodeOverlay: true      # let Karpenter provision MIG nodes through its alpha NodeOverlay
    h100-timeslice:            # 8x H100 80GB per node, each GPU shared by 2 (40 GiB each)
      instanceTypes: [p5.48xlarge]
      gpuSharing:
        timeSlicing: { replicas: 2 }
      workloadTypes: [training, fine-tuning]
      taints: ["gpu=h100:NoSchedule"]
      capacityTypes: [spot, on-demand]
      maxNodes: 4
      rootVolumeGiB: 500
  storage:
    efs:
      enabled: true
      throughputMode: elastic
      performanceMode: generalPurpose
      accessPoints: [datasets, models, checkpoints]
      # fileSystemId: fs-0123456789abcdef0   # the stack's EfsFileSystemId output; enables the efs StorageClass
    ebs:
      classes: [gp3, io2]
      defaultClass: gp3
    s3:
      buckets: [artifacts, logs, models]
      versioning: true
      logsExpirationDays: 365
  networking:
    vpcCidr: 10.0.0.0/16
    # natGateways: 3           # default: one per availability zone
    mesh: linkerd              # linkerd | none
    ingress: aws-load-balancer-controller
    ingressScheme: internal    # internal | internet-facing
  security:
    podSecurity: restricted    # enforced on team namespaces
    networkPolicy: default-deny
    secrets:
      provider: aws-secrets-manager
      # prefix: ml-platform/   # default: <metadata.name>/
  observability:
    metrics: prometheus
    gpuMetrics: dcgm
    logs: cloudwatch           # cloudwatch | opensearch | elasticsearch | none
    logRetentionDays: 30
    tracing: opentelemetry
    tracingBackend: xray       # xray | otlp (then set otlpEndpoint)
    # logsEndpoint: search-logs.example.com   # the OpenSearch/Elasticsearch host when logs is opensearch|elasticsearch
  mlops:
    tracking: mlflow
    modelRegistry: mlflow
    featureStore: none         # none | feast
    experimentTracking: [mlflow, wandb]
    # modelsBucket: ml-platform-models   # the AWS stack's models bucket (MLflow artifacts and registry)
  training:
    pytorch: trainer-v2        # trainer-v2 (Kubeflow Trainer) | training-operator (PyTorchJob)
    tensorflow: false          # true installs the Training Operator v1 for TFJob
    katib: true
  scheduling:
    gpuPackingProfile: false   # true: a second kube-scheduler that packs GPU pods (k8s/scheduling/)
  gateway:                     # the in-cluster LLM gateway (k8s/llm-gateway/); routes come from \`aiplat render\`
    enabled: true
    # image: registry.example/aiplat-gateway:0.1.0   # built from Dockerfile.gateway; default aiplat-gateway:<version>
    replicas: 2
    maxReplicas: 10
    autoscaler: hpa            # hpa (CPU) | keda (in-flight requests from Prometheus)
    database: sqlite           # sqlite (per replica) | postgres (URL from Secrets Manager <prefix>llm-gateway/database)
    # redisUrl: redis://redis.example:6379   # share team limits across replicas
  teams:
    - name: research
      namespaces: [research]
      quota: { gpu: 16, cpu: 256, memory: 2Ti }
    - name: applied-ml
      namespaces: [applied-ml]
      quota:
        gpu: 8
        mig: { 3g.40gb: 2, 1g.10gb: 4 }
        cpu: 128
        memory: 1Ti
  backup:
    velero:
      enabled: true
      schedule: "0 3 * * *"
      retention: 720h
      # bucket: ml-platform-velero-backups   # the AWS stack's Velero bucket
    # Velero schedules per workload class: backed up every rpo, kept for retention (SUMMARY.md lists RPO/RTO).
    rpo:
      platform:                # the platform's namespaces: MLflow's database, Prometheus and Grafana volumes
        { rpo: 6h, rto: 2h, retention: 720h, scope: platform-namespaces, snapshotVolumes: true }
      production-inference:    # objects only: models live in S3
        rpo: 1h
        rto: 30m
        retention: 168h
        scope: team-namespaces
        workloadTypes: [production-inference, critical-agents]
        snapshotVolumes: false
      training-checkpoints:    # EBS checkpoint volumes too (EFS is AWS Backup's)
        rpo: 4h
        rto: 8h
        retention: 336h
        scope: team-namespaces
        workloadTypes: [training, fine-tuning]
        snapshotVolumes: true
      research:
        rpo: 24h
        rto: 24h
        retention: 168h
        scope: team-namespaces
        workloadTypes: [research, development, batch-inference]
        snapshotVolumes: false
    awsBackup:
      enabled: true
      schedule: "cron(0 5 * * ? *)"
      retentionDays: 35
  gitops:
    argocd:
      capability: false        # true: the AWS stack creates the EKS Argo CD capability
      # identityCenterInstanceArn: arn:aws:sso:::instance/ssoins-0123456789abcdef   # required with capability
      repoURL: https://github.com/example-org/ml-platform-gitops.git
      # path: dist/ml-platform # default: dist/<metadata.name>
      targetRevision: main
`;
