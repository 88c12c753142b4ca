// A person at the sandbox's client area, over plain HTTP: a cookie jar, the login form and the
// consent form posted as a browser would post them (CSRF token read from the page).
export interface Reply {
  readonly status: number;
  readonly location: string | undefined;
  readonly headers: Headers;
  readonly text: string;
}

export class FormClient {
  private readonly cookies = new Map<string, string>();

  async get(url: string): Promise<Reply> {
    return this.send(url, { method: 'GET' });
  }

  async postForm(url: string, fields: Record<string, string>): Promise<Reply> {
    return this.send(url, { method: 'POST', body: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  private async send(url: string, init: { method: string; body?: string; headers?: Record<string, string> }): Promise<Reply> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, {
      method: init.method,
      redirect: 'manual',
      headers: { ...init.headers, ...(cookie ? { cookie } : {}) },
      ...(init.body === undefined ? {} : { body: init.body }),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (pair && at > 0) this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    const location = response.headers.get('location') ?? undefined;
    return { status: response.status, location: location && new URL(location, url).toString(), headers: response.headers, text: await response.text() };
  }
}

/** The CSRF token of a client-area form. */
export function csrfToken(html: string): string {
  const match = /name="token" value="([0-9a-f]+)"/.exec(html);
  if (!match?.[1]) throw new Error('the page has no CSRF token');
  return match[1];
}

/**
 * GET authorize → login page → POST login → consent page → POST the answer. Resolves with the
 * consent page's text and the Location the answer redirected to.
 */
export async function signInOverHttp(
  client: FormClient,
  authorizeUrl: string,
  user: { email: string; password: string },
  answer: 'approve' | 'decline',
): Promise<{ consentPage: string; location: string }> {
  let reply = await client.get(authorizeUrl);
  if (reply.status === 302 && reply.location && /\/login\.php$/.test(new URL(reply.location).pathname)) {
    const login = await client.get(reply.location);
    const action = new URL(/<form method="post" action="([^"]+)"/.exec(login.text)?.[1] ?? '', reply.location).toString();
    const loggedIn = await client.postForm(action, { token: csrfToken(login.text), username: user.email, password: user.password });
    if (loggedIn.status !== 302 || !loggedIn.location) throw new Error(`login answered ${loggedIn.status}`);
    reply = await client.get(loggedIn.location);
  }
  if (reply.status !== 200) throw new Error(`authorize answered ${reply.status} ${reply.location ? 'with a redirect' : reply.text}`);
  const answered = await client.postForm(new URL(authorizeUrl).origin + new URL(authorizeUrl).pathname, {
    token: csrfToken(reply.text),
    userAuthorization: answer === 'approve' ? 'yes' : 'no',
  });
  if (answered.status !== 302 || !answered.location) throw new Error(`consent answered ${answered.status}`);
  return { consentPage: reply.text, location: answered.location };
}

