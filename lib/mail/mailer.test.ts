// Mail through a real SMTP server on localhost.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SmtpSink, startSmtpSink } from "@/tests/helpers/smtp";
import { escapeHtml, MailNotConfiguredError, sendMail } from "./mailer";

describe("sendMail", () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(() => sink.close());

  it("delivers a message the server accepts, with one-line subject", async () => {
    const config = { smtpUrl: sink.url, from: "Fleetwatch <fw@fleet.test>" };
    const sent = await sendMail(
      { to: "ada@fleet.test", subject: "You are invited\r\nBcc: evil@x.test", text: "Open the link." },
      config,
    );
    expect(sent.accepted).toEqual(["ada@fleet.test"]);
    const [mail] = await sink.waitFor(1);
    expect(mail?.to).toEqual(["ada@fleet.test"]);
    expect(mail?.from).toBe('"Fleetwatch" <fw@fleet.test>');
    // the CR LF became a space: no injected Bcc header, no extra recipient
    expect(mail?.subject).toBe("You are invited Bcc: evil@x.test");
    expect(mail?.text.trim()).toBe("Open the link.");
  });

  it("refuses a malformed recipient before connecting, and says when mail is not configured", async () => {
    const before = sink.messages.length;
    await expect(
      sendMail(
        { to: "a@x.test\r\nRCPT TO:<b@x.test>", subject: "s", text: "t" },
        { smtpUrl: sink.url, from: "f@x.test" },
      ),
    ).rejects.toThrow();
    await expect(sendMail({ to: "a@x.test", subject: "s", text: "t" }, null)).rejects.toBeInstanceOf(
      MailNotConfiguredError,
    );
    expect(sink.messages.length).toBe(before);
  });

  it("escapes HTML", () => {
    expect(escapeHtml(`<a href="x">O'Brien & co</a>`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;O&#39;Brien &amp; co&lt;/a&gt;",
    );
  });
});
