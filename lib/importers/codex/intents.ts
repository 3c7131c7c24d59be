// What one Codex record means, before ids, times, de-duplication and token deltas are applied (emit.ts).
//
// Codex writes most facts twice: `response_item` records (what the model saw: the "canonical" channel),
// `event_msg` records (what the UI showed: the "event" channel) and, in newer versions, `item_completed`
// thread items (the "item" channel, also used by `codex exec --json`). Each intent carries its channel so
// the emitter keeps one copy of each fact.
import type { Tokens } from "./usage";
import type { Obj } from "./util";

export type Channel = "canonical" | "event" | "item";
/** Which pool a message is de-duplicated in. Inter-agent messages have their own. */
export type Pool = "user" | "assistant" | "system" | "inter_agent" | "thinking";

export type Intent =
  | { k: "session"; id?: string; time?: string; data: Obj }
  | { k: "model"; model: string }
  | {
      k: "message";
      ch: Channel;
      pool: Pool;
      role: "user" | "assistant" | "system";
      text: string;
      data: Obj;
      title?: boolean;
    }
  | { k: "thinking"; ch: Channel; text: string; keys: string[] }
  | { k: "call"; ch: Channel; callId?: string; tool: string; input?: unknown; data?: Obj }
  | {
      k: "result";
      ch: Channel;
      callId?: string;
      tool?: string;
      output?: unknown;
      isError?: boolean;
      durationMs?: number;
    }
  | { k: "usage"; src: "total" | "last" | "turn"; tokens: Tokens | null }
  | { k: "log"; level: "debug" | "info" | "warn" | "error"; message: string; data?: Obj; once?: string }
  | { k: "error"; type: string; message: string; data?: Obj }
  | { k: "turn"; state: "start" | "end" | "abort"; reason?: string }
  | { k: "raw"; what: string; raw: unknown };

export const raw = (what: string, record: unknown): Intent => ({ k: "raw", what, raw: record });
