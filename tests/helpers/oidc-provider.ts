// A real OpenID Connect provider on localhost (the oidc-provider package, the certified implementation many
// IdPs build on) for tests of single sign-on: discovery, PKCE, signed ID tokens, userinfo. People sign in on a
// plain login page of our own (any password, the login is the person's email); consent is given at once, as a
// company IdP does for its own applications. (oidc-provider's devInteractions pages load web fonts from the
// internet, which a test browser without network logs as console errors.)
import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

export type IdpPerson = { email: string; emailVerified: boolean; name: string };

export type TestIdp = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** People the IdP knows, by login (their email). */
  people: Map<string, IdpPerson>;
  close: () => Promise<void>;
};

export async function startOidcProvider({
  redirectUris,
  people = [],
  clientId = "fleetwatch-test",
  clientSecret = "fleetwatch-test-secret-0123456789abcdef",
}: {
  redirectUris: string[];
  people?: IdpPerson[];
  clientId?: string;
  clientSecret?: string;
}): Promise<TestIdp> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const known = new Map(people.map((p) => [p.email, p]));

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    cookies: { keys: ["test-idp-cookie-key-0123456789"] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    async findAccount(_ctx, id) {
      const person = known.get(id);
      if (!person) return undefined;
      return {
        accountId: id,
        claims: async () => ({
          sub: id,
          email: person.email,
          email_verified: person.emailVerified,
          name: person.name,
        }),
      };
    },
  });
  const oidc = provider.callback();
  server.on("request", (req, res) => {
    const path = new URL(req.url ?? "/", issuer).pathname;
    if (!path.startsWith("/interaction/")) return oidc(req, res);
    interact(provider, req, res).catch((e: unknown) => {
      res.writeHead(500, { "content-type": "text/plain" }).end(String(e));
    });
  });

  return {
    issuer,
    clientId,
    clientSecret,
    people: known,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const PAGE = (body: string) => `<!doctype html><html><head><meta charset="utf-8"><title>Test IdP</title>
<link rel="icon" href="data:,"></head><body style="font-family:sans-serif;margin:3rem">${body}</body></html>`;

/** The login page (GET), its form (POST), and consent given at once. */
async function interact(provider: Provider, req: http.IncomingMessage, res: http.ServerResponse) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === "POST") {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const login = new URLSearchParams(Buffer.concat(chunks).toString()).get("login") ?? "";
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: login } },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  if (details.prompt.name === "consent") {
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session?.accountId, clientId: details.params.client_id });
    const missing = details.prompt.details;
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    return;
  }
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  res.end(
    PAGE(`<h1>Test IdP</h1><form method="post" action="/interaction/${details.uid}">
<label>Email <input name="login" required autofocus></label>
<label>Password <input name="password" type="password" required></label>
<button type="submit">Sign in</button></form>`),
  );
}

const setCookies = (res: Response, jar: Map<string, string>) => {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(";");
    const eq = pair?.indexOf("=") ?? -1;
    if (pair && eq > 0) jar.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
};
const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/**
 * A browser at the IdP: follows its redirects and signs in as `login` on the login page, until the IdP sends the
 * browser back to the console. Returns that URL (the console's callback).
 */
export async function loginAtIdp(authorizeUrl: string, login: string, consoleOrigin: string): Promise<URL> {
  const jar = new Map<string, string>();
  let next: { url: string; init?: RequestInit } = { url: authorizeUrl };
  for (let step = 0; step < 12; step++) {
    const res = await fetch(next.url, {
      ...next.init,
      redirect: "manual",
      headers: { ...(next.init?.headers as Record<string, string>), cookie: cookieHeader(jar) },
    });
    setCookies(res, jar);
    const location = res.headers.get("location");
    if (location) {
      const target = new URL(location, next.url);
      if (target.origin === consoleOrigin) return target;
      next = { url: target.href };
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`unexpected IdP page (${res.status}): ${html.slice(0, 300)}`);
    const body = new URLSearchParams({ login, password: "any password" });
    next = {
      url: new URL(action.replaceAll("&amp;", "&"), next.url).href,
      init: {
        method: "POST",
        body: body.toString(),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      },
    };
  }
  throw new Error("the IdP never sent the browser back");
}
