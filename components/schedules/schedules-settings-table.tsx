"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ActionError } from "@/components/ui/action-error";
import { Button } from "@/components/ui/button";
import { useAction } from "@/components/ui/use-action";
import { deleteScheduleAction } from "@/lib/schedules/actions";
import { ScheduleForm, type ScheduleRowView } from "./schedule-form";

function Row({ s, canEdit, defaultZone }: { s: ScheduleRowView; canEdit: boolean; defaultZone: string }) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const { pending, error, run } = useAction();
  const grace = s.graceSeconds === null ? "default grace" : `${Math.round(s.graceSeconds / 60)} min grace`;
  return (
    <li className="px-5 py-3" data-testid="settings-schedule" data-name={s.name}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0">
          <p className="font-medium break-all">
            {s.name}
            {!s.enabled ? <span className="ml-2 text-xs font-normal text-muted">disabled</span> : null}
          </p>
          <p className="font-mono text-xs text-muted">
            {s.cron} · {s.timezone} · {grace}
            {s.agentName ? ` · ${s.agentName}` : ""}
          </p>
        </div>
        {canEdit ? (
          <div className="flex gap-2">
            <Button variant="secondary" size="sm" onClick={() => setEditing((v) => !v)}>
              {editing ? "Close" : "Edit"}
            </Button>
            <Button
              variant="danger"
              size="sm"
              disabled={pending}
              data-testid="delete-schedule"
              onClick={() => {
                if (!window.confirm(`Delete the schedule ${s.name}? Runners declaring it keep it listed.`))
                  return;
                run(
                  () => deleteScheduleAction(s.id),
                  () => router.refresh(),
                );
              }}
            >
              Delete
            </Button>
          </div>
        ) : null}
      </div>
      <ActionError error={error} />
      {editing ? (
        <div className="mt-3 rounded-md border border-border p-4">
          <ScheduleForm initial={s} defaultZone={defaultZone} onDone={() => setEditing(false)} />
        </div>
      ) : null}
    </li>
  );
}

export function SchedulesSettingsTable(props: {
  schedules: ScheduleRowView[];
  canEdit: boolean;
  defaultZone: string;
}) {
  if (props.schedules.length === 0)
    return <p className="px-5 py-4 text-sm text-muted">No schedule declared here yet.</p>;
  return (
    <ul className="divide-y divide-border">
      {props.schedules.map((s) => (
        <Row key={s.id} s={s} canEdit={props.canEdit} defaultZone={props.defaultZone} />
      ))}
    </ul>
  );
}
