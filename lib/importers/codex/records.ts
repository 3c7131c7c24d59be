// One Codex JSONL record -> intents. Covers the rollout (`session_meta`, `turn_context`, `response_item`,
// `event_msg`, `compacted`, ...), the pre-0.3 rollout (a bare header line then bare response items), loosely
// shaped "schema drift" lines, and `codex exec --json` (item style and the older `{id, msg}` style).
import { eventMsg, sessionIntents } from "./event-msg";
import { type Intent, raw } from "./intents";
import { isResponseItemType, responseItem, SILENT } from "./response-items";
import { itemIntents } from "./tools";
import { readTokens } from "./usage";
import { asName, compact, isObj, nstr, type Obj, obj, str, words } from "./util";

const EXEC_EVENTS = words(`
  thread.started turn.started turn.completed turn.failed item.started item.updated item.completed
  item.plan.delta request_user_input
`);

export const isExecEventType = (t: unknown): boolean => typeof t === "string" && EXEC_EVENTS.has(t);

function execEvent(rec: Obj): Intent[] {
  switch (rec.type) {
    case "thread.started":
      return sessionIntents({}, asName(rec.thread_id), undefined);
    case "turn.started":
      return [{ k: "turn", state: "start" }];
    case "turn.completed":
      return [
        { k: "usage", src: "turn", tokens: readTokens(rec.usage) },
        { k: "turn", state: "end" },
      ];
    case "turn.failed": {
      const message = nstr(obj(rec.error).message) ?? nstr(rec.error) ?? "turn failed";
      return [
        { k: "error", type: "turn_failed", message },
        { k: "turn", state: "end" },
      ];
    }
    case "item.started":
    case "item.updated":
    case "item.completed":
      return itemIntents(
        rec.item,
        (rec.type as string).slice(5) as "started" | "updated" | "completed",
        "item",
      );
    case "request_user_input":
      return [
        {
          k: "log",
          level: "info",
          message: "Waiting for user input",
          data: compact({ questions: rec.questions }),
        },
      ];
  }
  return [];
}

/** The intents of one parsed JSONL record. */
export function recordIntents(rec: Obj): Intent[] {
  const type = rec.type;
  const payload = obj(rec.payload);
  switch (type) {
    case "session_meta":
      return sessionIntents(payload, asName(payload.id ?? payload.session_id), payload.model);
    case "turn_context": {
      const model = asName(payload.model) ?? asName(obj(obj(payload.collaboration_mode).settings).model);
      return model ? [{ k: "model", model }] : [];
    }
    case "response_item":
      return responseItem(payload, rec);
    case "event_msg":
      return eventMsg(payload, rec);
    case "compacted":
      return [
        {
          k: "log",
          level: "info",
          message: "Context compacted",
          data: compact({ summary: nstr(payload.message) }),
        },
      ];
    case "error": // exec stream: a fatal stream error
      return [{ k: "error", type: "stream_error", message: str(rec.message) ?? JSON.stringify(rec) }];
  }
  if (isExecEventType(type)) return execEvent(rec);
  if (typeof type === "string" && SILENT.has(type)) return [];
  if (isObj(rec.msg)) return eventMsg(rec.msg, rec); // old exec stream: {"id": "0", "msg": {...}}
  if (isResponseItemType(type)) return responseItem(rec, rec); // pre-0.3 rollouts, drift lines
  if (rec.record_type !== undefined) return []; // pre-0.3 rollout state lines
  if (type === undefined && typeof rec.id === "string" && ("instructions" in rec || "git" in rec))
    return sessionIntents(rec, asName(rec.id), rec.model); // pre-0.3 rollout header
  if (type === undefined && typeof rec.role === "string") {
    const model = asName(rec.model);
    const msg = responseItem({ type: "message", role: rec.role, content: rec.content ?? rec.message }, rec);
    return model ? [{ k: "model", model }, ...msg] : msg;
  }
  if (type === undefined && typeof rec.prompt === "string")
    return [
      { k: "message", ch: "event", pool: "user", role: "user", text: rec.prompt, data: {}, title: true },
    ];
  if (type === undefined && asName(rec.model) && ("sandbox" in rec || "provider" in rec || "approval" in rec))
    return [{ k: "model", model: asName(rec.model) as string }]; // old exec stream config summary
  return [raw(`record ${typeof type === "string" ? type : "(no type)"}`, rec)];
}
