// The repositories the fleet works on: language, files, commands, dependencies, and the bugs reported against them.
export type Lang = "go" | "ts" | "py" | "rust" | "tf";

export type Repo = {
  name: string;
  lang: Lang;
  files: readonly string[];
  tests: readonly string[];
  funcs: readonly string[];
  deps: readonly (readonly [string, string])[];
  endpoints: readonly string[];
  /** Bugs reported against it: [symptom, cause]. */
  bugs: readonly (readonly [string, string])[];
  test: string;
  build: string;
};

const TEST = {
  go: "go test ./...",
  ts: "npm test -- --run",
  py: "pytest -q",
  rust: "cargo test",
  tf: "terraform validate",
};
const BUILD = {
  go: "go build ./... && go vet ./...",
  ts: "npm run build",
  py: "ruff check . && mypy .",
  rust: "cargo build --release",
  tf: "terraform plan -input=false",
};
const repo = (r: Omit<Repo, "test" | "build" | "endpoints"> & { endpoints?: string[] }): Repo => ({
  endpoints: [],
  ...r,
  test: TEST[r.lang],
  build: BUILD[r.lang],
});

export const REPOS: readonly Repo[] = [
  repo({
    name: "acme/api",
    lang: "go",
    files: [
      "internal/orders/handler.go",
      "internal/store/pg.go",
      "internal/auth/middleware.go",
      "internal/config/config.go",
      "pkg/money/money.go",
    ],
    tests: ["internal/orders/handler_test.go", "internal/store/pg_test.go", "internal/config/config_test.go"],
    funcs: ["ListOrders", "LoadConfig", "NewStore", "RequireScope"],
    deps: [
      ["github.com/jackc/pgx/v5", "v5.7.6"],
      ["go.opentelemetry.io/otel", "v1.38.0"],
      ["golang.org/x/net", "v0.46.0"],
    ],
    endpoints: ["GET /v1/orders", "POST /v1/orders", "GET /v1/invoices/{id}"],
    bugs: [
      ["crash on empty config", "the loader returned a nil map when the file was empty"],
      ["pagination skips records", "the cursor compared created_at without the id tiebreaker"],
      ["500 on unicode SKU", "the SKU was sliced by bytes, splitting a multi-byte character"],
      ["p95 latency regression on GET /v1/orders", "the handler ran one query per order (N+1)"],
    ],
  }),
  repo({
    name: "acme/payments",
    lang: "go",
    files: ["refund/refund.go", "ledger/ledger.go", "stripe/webhook.go", "internal/idempotency/store.go"],
    tests: ["refund/refund_test.go", "ledger/ledger_test.go", "stripe/webhook_test.go"],
    funcs: ["ProcessRefund", "PostEntry", "VerifySignature", "Reserve"],
    deps: [
      ["github.com/stripe/stripe-go/v82", "v83.0.0"],
      ["github.com/redis/go-redis/v9", "v9.14.0"],
    ],
    endpoints: ["POST /v1/refunds", "POST /webhooks/stripe"],
    bugs: [
      ["refund amount off by one cent", "amounts were rounded as floats instead of integer cents"],
      ["duplicate webhook deliveries double-credit", "the idempotency key was checked after the side effect"],
      ["race when two refunds hit one charge", "Reserve read the balance without a row lock"],
    ],
  }),
  repo({
    name: "acme/web",
    lang: "ts",
    files: [
      "app/(dashboard)/orders/page.tsx",
      "components/Cart.tsx",
      "lib/api.ts",
      "lib/flags.ts",
      "components/InvoiceTable.tsx",
    ],
    tests: ["components/Cart.test.tsx", "lib/api.test.ts", "components/InvoiceTable.test.tsx"],
    funcs: ["applyDiscount", "fetchOrders", "useFeatureFlag", "formatCurrency"],
    deps: [
      ["eslint", "9.38.0"],
      ["next", "16.0.3"],
      ["zod", "4.1.12"],
      ["vitest", "4.0.8"],
      ["@tanstack/react-query", "5.90.7"],
    ],
    endpoints: ["/orders", "/invoices", "/settings/billing"],
    bugs: [
      [
        "discount applied twice for stacked coupons",
        "the discount was subtracted in both the reducer and the API call",
      ],
      [
        "timezone shift in invoice dates",
        "dates were formatted in the server's zone instead of the customer's",
      ],
      [
        "hydration mismatch on the orders page",
        "the server and the browser formatted dates with different locales",
      ],
    ],
  }),
  repo({
    name: "acme/mobile",
    lang: "ts",
    files: [
      "src/screens/Checkout.tsx",
      "src/hooks/useSession.ts",
      "src/api/client.ts",
      "src/navigation/index.tsx",
    ],
    tests: ["src/screens/Checkout.test.tsx", "src/hooks/useSession.test.ts"],
    funcs: ["useSession", "submitOrder", "refreshToken"],
    deps: [
      ["react-native", "0.82.1"],
      ["expo", "54.0.20"],
      ["typescript", "5.9.3"],
    ],
    bugs: [
      [
        "login loops on iOS after token refresh",
        "two refreshes raced because the refresh promise was not shared",
      ],
      [
        "checkout button stays disabled after an error",
        "the submitting flag was not reset in the catch branch",
      ],
    ],
  }),
  repo({
    name: "acme/billing",
    lang: "py",
    files: [
      "billing/refunds.py",
      "billing/invoices.py",
      "billing/tax.py",
      "billing/models.py",
      "billing/api/views.py",
    ],
    tests: ["tests/test_billing.py", "tests/test_tax.py", "tests/test_invoices.py"],
    funcs: ["issue_refund", "compute_vat", "render_invoice", "InvoiceSerializer"],
    deps: [
      ["django", "5.2.8"],
      ["pydantic", "2.12.4"],
      ["stripe", "13.2.0"],
      ["celery", "5.5.3"],
    ],
    endpoints: ["POST /api/refunds/", "GET /api/invoices/"],
    bugs: [
      ["wrong VAT for EU B2B customers", "the reverse-charge rule ignored the VAT id"],
      ["refund of 19.99 comes out as 19.98", "the net amount went through float() before rounding"],
      [
        "invoice PDF drops line items after 50",
        "the template paginated at 50 rows without a continuation page",
      ],
    ],
  }),
  repo({
    name: "acme/data-pipeline",
    lang: "py",
    files: [
      "pipeline/export.py",
      "pipeline/transforms/sessions.py",
      "dags/nightly_export.py",
      "pipeline/io/s3.py",
    ],
    tests: ["tests/test_export.py", "tests/test_sessions.py"],
    funcs: ["export_csv", "sessionize", "upload_partition"],
    deps: [
      ["pandas", "2.3.3"],
      ["pyarrow", "22.0.0"],
      ["apache-airflow", "3.1.2"],
      ["boto3", "1.40.70"],
    ],
    bugs: [
      ["OOM when exporting large CSVs", "the export buffered every row before writing"],
      ["sessions split at midnight UTC", "sessionize used the UTC date as part of the session key"],
      ["duplicate rows after a retried DAG run", "the upload was not idempotent per partition"],
    ],
  }),
  repo({
    name: "acme/cli",
    lang: "rust",
    files: ["src/parser.rs", "src/config.rs", "src/main.rs", "src/commands/deploy.rs"],
    tests: ["tests/cli.rs", "src/parser.rs"],
    funcs: ["parse_manifest", "Config::load", "deploy::run"],
    deps: [
      ["tokio", "1.48.0"],
      ["clap", "4.5.51"],
      ["serde_json", "1.0.145"],
      ["reqwest", "0.12.24"],
    ],
    bugs: [
      ["panic on empty manifest", "parse_manifest unwrapped a missing [deploy] table"],
      ["deploy ignores --dry-run", "the flag was read after the plan was applied"],
    ],
  }),
  repo({
    name: "acme/infra",
    lang: "tf",
    files: [
      "modules/eks/main.tf",
      "envs/prod/main.tf",
      "modules/rds/variables.tf",
      "k8s/api/deployment.yaml",
    ],
    tests: ["tests/tags.tftest.hcl", "tests/eks.tftest.hcl"],
    funcs: ["module.eks", "aws_db_instance.main", "module.vpc"],
    deps: [
      ["hashicorp/aws", "6.20.0"],
      ["terraform-aws-modules/eks/aws", "21.8.0"],
    ],
    bugs: [
      ["staging EKS nodes fail to join the cluster", "the launch template lost the bootstrap user data"],
      ["RDS snapshots are not tagged", "the tags block was set on the wrong resource"],
    ],
  }),
];
