// A real OpenID Connect provider on localhost (the oidc-provider package, the certified implementation many
// IdPs build on) for tests of single sign-on: discovery, PKCE, signed ID tokens, userinfo. People sign in with
// its development login page: any password, the login is the person's email.
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
    features: { devInteractions: { enabled: true } },
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
  server.on("request", provider.callback());

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

const setCookies = (res: Response, jar: Map<string, string>) => {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(";");
    const eq = pair?.indexOf("=") ?? -1;
    if (pair && eq > 0) jar.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
};
const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/**
 * A browser at the IdP: follows its redirects, signs in as `login` on the login page and confirms the consent
 * page, until the IdP sends the browser back to the console. Returns that URL (the console's callback).
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
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`unexpected IdP page (${res.status}): ${html.slice(0, 300)}`);
    const body = new URLSearchParams(prompt === "login" ? { prompt, login, password: "any" } : { prompt });
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
