"use client";
import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { parseAsString, useQueryState } from "nuqs";
import { useState } from "react";
import { EscalationSection } from "@/components/alerts/escalation-section";
import { type Choice, RuleForm } from "@/components/alerts/rule-form";
import { RulesList } from "@/components/alerts/rules-list";
import { SilencesSection } from "@/components/alerts/silences-section";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import type { AlertRuleView, EscalationPolicyView, SilenceView } from "@/lib/alerts/config-schemas";
import { draftFromRule, newDraft } from "@/lib/alerts/rule-draft";

export function AlertSettingsClient(props: {
  rules: AlertRuleView[];
  policies: EscalationPolicyView[];
  silences: SilenceView[];
  destinations: Choice[];
  members: Choice[];
  canEditRules: boolean;
  canEditPolicies: boolean;
}) {
  const router = useRouter();
  // ?rule=<id> opens that rule's form (the incident page links here); "new" a blank one
  const [editing, setEditing] = useQueryState("rule", parseAsString);
  const [formKey, setFormKey] = useState(0);
  const rule = editing && editing !== "new" ? props.rules.find((r) => r.id === editing) : undefined;
  const open = props.canEditRules && (editing === "new" || !!rule);
  const policyChoices = props.policies.map((p) => ({ id: p.id, name: p.name }));
  const close = () => {
    void setEditing(null);
    setFormKey((k) => k + 1);
  };
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader
          title="Rules"
          description="Each rule opens one incident per group while its condition holds. Members and admins edit rules."
          actions={
            props.canEditRules && !open ? (
              <Button size="sm" onClick={() => void setEditing("new")} data-testid="rule-new">
                <Plus className="size-3.5" /> New rule
              </Button>
            ) : null
          }
        />
        {open ? (
          <div className="border-b border-border">
            <RuleForm
              key={`${editing}-${formKey}`}
              ruleId={rule?.id ?? null}
              initial={rule ? draftFromRule(rule) : newDraft()}
              destinations={props.destinations}
              policies={policyChoices}
              onCancel={close}
              onDone={() => {
                close();
                router.refresh();
              }}
            />
          </div>
        ) : null}
        <RulesList
          rules={props.rules}
          destinations={props.destinations}
          policies={policyChoices}
          canEdit={props.canEditRules}
          onEdit={(r) => void setEditing(r.id)}
        />
      </Card>
      <Card>
        <CardHeader
          title="Silences"
          description="Mute delivery for what they match, once or on a schedule; incidents are still recorded (shown as muted)."
        />
        <SilencesSection
          silences={props.silences}
          rules={props.rules.map((r) => ({ id: r.id, name: r.name }))}
          canEdit={props.canEditRules}
        />
      </Card>
      <Card>
        <CardHeader
          title="Escalation policies"
          description="Who is paged next while nobody acknowledges. Only admins edit policies."
        />
        <EscalationSection
          policies={props.policies}
          destinations={props.destinations}
          members={props.members}
          canEdit={props.canEditPolicies}
        />
      </Card>
    </div>
  );
}
