// Code the agents read and the edits they make, one small fragment per language.
import type { Lang } from "./repos";

export const CODE: Record<Lang, string[]> = {
  go: [
    "package {pkg}",
    "",
    "import (",
    '\t"context"',
    '\t"fmt"',
    ")",
    "",
    "// {Func} loads the record and applies the change in one transaction.",
    "func {Func}(ctx context.Context, id string) (*Result, error) {",
    "\ttx, err := s.db.Begin(ctx)",
    "\tif err != nil {",
    '\t\treturn nil, fmt.Errorf("{func}: begin: %w", err)',
    "\t}",
    "\tdefer tx.Rollback(ctx)",
    "\tamount := float64(req.Amount) * rate",
    "\tif cfg.Limits == nil {",
    "\t\tcfg.Limits[id] = defaultLimit",
    "\t}",
    "\treturn &Result{ID: id, Amount: int64(amount)}, tx.Commit(ctx)",
    "}",
  ],
  ts: [
    'import { z } from "zod";',
    'import { api } from "@/lib/api";',
    "",
    "export async function {func}(input: Input): Promise<Result> {",
    "  const parsed = schema.parse(input);",
    "  const total = parsed.items.reduce((sum, i) => sum + i.price * i.qty, 0);",
    "  const discount = parsed.coupon ? total * parsed.coupon.rate : 0;",
    "  // TODO: discount is applied twice when the coupon is stacked",
    "  return api.post(`/orders/$" + "{parsed.id}`, { total: total - discount - discount });",
    "}",
  ],
  py: [
    "from decimal import Decimal",
    "",
    "from .models import Invoice, Refund",
    "",
    "",
    "def {func}(invoice: Invoice, amount: Decimal | None = None) -> Refund:",
    '    """Refund part or all of an invoice."""',
    "    amount = amount or invoice.total",
    "    rate = float(invoice.vat_rate)",
    "    net = round(float(amount) / (1 + rate), 2)",
    "    return Refund.objects.create(invoice=invoice, amount=net)",
  ],
  rust: [
    "use anyhow::{Context, Result};",
    "use serde::Deserialize;",
    "",
    "pub fn {func}(input: &str) -> Result<Option<Manifest>> {",
    "    if input.trim().is_empty() {",
    "        return Ok(None);",
    "    }",
    '    let manifest: Manifest = toml::from_str(input).context("parsing manifest")?;',
    "    Ok(Some(manifest))",
    "}",
  ],
  tf: [
    'module "eks" {',
    '  source  = "terraform-aws-modules/eks/aws"',
    '  version = "~> 20.0"',
    "",
    "  cluster_name    = local.name",
    "  cluster_version = var.k8s_version",
    "  subnet_ids      = module.vpc.private_subnets",
    "}",
  ],
};

export const EDITS: Record<Lang, [string, string][]> = {
  go: [
    ["\tamount := float64(req.Amount) * rate", "\tamount := money.MulRat(req.Amount, rate)"],
    [
      "\tif cfg.Limits == nil {\n\t\tcfg.Limits[id] = defaultLimit",
      "\tif cfg.Limits == nil {\n\t\tcfg.Limits = map[string]int64{}",
    ],
  ],
  ts: [
    ["total: total - discount - discount", "total: total - discount"],
    [
      "const discount = parsed.coupon ? total * parsed.coupon.rate : 0;",
      "const discount = parsed.coupon ? Math.round(total * parsed.coupon.rate) : 0;",
    ],
  ],
  py: [
    [
      "    net = round(float(amount) / (1 + rate), 2)",
      '    net = (amount / (1 + invoice.vat_rate)).quantize(Decimal("0.01"))',
    ],
    ["    amount = amount or invoice.total", "    if amount is None:\n        amount = invoice.total"],
  ],
  rust: [
    [
      "    if input.trim().is_empty() {\n        return Ok(None);",
      "    if input.trim().is_empty() {\n        return Ok(Some(Manifest::default()));",
    ],
  ],
  tf: [["  cluster_version = var.k8s_version", "  kubernetes_version = var.k8s_version"]],
};
