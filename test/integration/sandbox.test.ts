// The sandbox WHMCS server, exercised over real loopback sockets with raw HTTP (not the project's
// client), against the behaviour described in /work/shared/whmcs-oauth-api.md.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../sandbox';
import { requestsReach } from './support/requestsReach';

// ---------- raw HTTP helpers ----------

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

interface SendOptions {
  method?: string;
  query?: string;
  body?: string | Buffer;
  /** null: send no Content-Type at all. */
  contentType?: string | null;
  agent?: http.Agent | false;
  ca?: string;
  timeoutMs?: number;
}

function send(url: string, options: SendOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const target = new URL(options.query === undefined ? url : `${url}?${options.query}`);
    const headers: http.OutgoingHttpHeaders = {};
    const body = options.body;
    if (body !== undefined) {
      const contentType = options.contentType === undefined ? 'application/x-www-form-urlencoded' : options.contentType;
      if (contentType !== null) headers['Content-Type'] = contentType;
      headers['Content-Length'] = Buffer.byteLength(body);
    }
    const requestOptions: https.RequestOptions = {
      method: options.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      agent: options.agent ?? false,
    };
    if (options.ca !== undefined) requestOptions.ca = options.ca;
    const onResponse = (res: http.IncomingMessage): void => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
      res.on('close', () => {
        if (!res.complete) reject(new Error('incomplete response'));
      });
    };
    const req =
      target.protocol === 'https:' ? https.request(target, requestOptions, onResponse) : http.request(target, requestOptions, onResponse);
    req.on('error', reject);
    if (options.timeoutMs !== undefined) {
      req.setTimeout(options.timeoutMs, () => req.destroy(new Error('client timeout')));
    }
    req.end(body);
  });
}

type Fields = Record<string, string | readonly string[] | undefined>;

/** http_build_query: arrays as key[0]=..&key[1]=.. */
function form(fields: Fields): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (typeof value === 'string') parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
    else value.forEach((item, i) => parts.push(`${encodeURIComponent(`${key}[${i}]`)}=${encodeURIComponent(item)}`));
  }
  return parts.join('&');
}

function creds(sb: Sandbox): Fields {
  return { identifier: sb.apiCredential.identifier, secret: sb.apiCredential.secret };
}

/** An authenticated call with responsetype=json unless the fields say otherwise. */
function api(sb: Sandbox, fields: Fields, options: SendOptions = {}): Promise<Reply> {
  return send(sb.apiUrl, { ...options, body: form({ responsetype: 'json', ...creds(sb), ...fields }) });
}

function json(reply: Reply): Record<string, unknown> {
  return JSON.parse(reply.body) as Record<string, unknown>;
}

async function apiJson(sb: Sandbox, fields: Fields): Promise<Record<string, unknown>> {
  const reply = await api(sb, fields);
  assert.equal(reply.status, 200, reply.body);
  return json(reply);
}

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

async function withSandbox(options: SandboxOptions, body: (sb: Sandbox) => Promise<void>): Promise<void> {
  const sb = await createSandbox(options);
  try {
    await body(sb);
  } finally {
    await sb.close();
  }
}

async function expectError(reply: Promise<Reply>, status: number, message: string): Promise<void> {
  const answer = await reply;
  assert.equal(answer.status, status, answer.body);
  assert.deepEqual(json(answer), { result: 'error', message });
}

const LIST = { action: 'ListOAuthCredentials' };

// ---------- the shared sandbox ----------

let sb: Sandbox;
before(async () => {
  sb = await createSandbox();
});
after(async () => {
  await sb.close();
});

describe('gate: IP, access key, authentication, action, permission', () => {
  test('IP Banned comes first, before access key, credentials and action', async () => {
    await withSandbox({ bannedIps: ['127.0.0.1'], accessKey: 'k' }, async (banned) => {
      await expectError(api(banned, { ...LIST, accesskey: 'wrong' }), 403, 'IP Banned');
      await expectError(api(banned, { action: '' }), 403, 'IP Banned');
    });
  });

  test('an access key sent without one configured is invalid', async () => {
    await expectError(api(sb, { ...LIST, accesskey: 'anything' }), 403, 'Invalid Access Key');
  });

  test('allow-list: Invalid IP with the caller address; a valid access key bypasses it', async () => {
    await withSandbox({ allowedIps: ['203.0.113.7'], accessKey: 's3cret' }, async (locked) => {
      await expectError(api(locked, LIST), 403, 'Invalid IP 127.0.0.1');
      await expectError(api(locked, { ...LIST, accesskey: '' }), 403, 'Invalid IP 127.0.0.1');
      await expectError(api(locked, { ...LIST, accesskey: 'nope' }), 403, 'Invalid Access Key');
      const ok = await api(locked, { ...LIST, accesskey: 's3cret' });
      assert.equal(ok.status, 200);
      assert.equal(json(ok)['result'], 'success');
      // The IP check precedes the authentication and empty-action checks.
      await expectError(send(locked.apiUrl, { body: 'responsetype=json' }), 403, 'Invalid IP 127.0.0.1');
    });
  });

  test('an empty allow-list denies everyone; a listed address passes', async () => {
    await withSandbox({ allowedIps: [] }, async (closed) => {
      await expectError(api(closed, LIST), 403, 'Invalid IP 127.0.0.1');
    });
    await withSandbox({ allowedIps: ['127.0.0.1'] }, async (open) => {
      assert.equal(json(await api(open, LIST))['result'], 'success');
    });
  });

  test('IPv4 clients of a dual-stack socket are shown without ::ffff:', async () => {
    await withSandbox({ host: '::', allowedIps: ['10.0.0.1'] }, async (dual) => {
      assert.match(dual.url, /^http:\/\/\[::1\]:\d+\/whmcs$/);
      const port = new URL(dual.url).port;
      const reply = send(`http://127.0.0.1:${port}/whmcs/includes/api.php`, {
        body: form({ ...LIST, responsetype: 'json', ...creds(dual) }),
      });
      await expectError(reply, 403, 'Invalid IP 127.0.0.1');
      await expectError(api(dual, LIST), 403, 'Invalid IP ::1');
    });
  });

  test('API credential: unknown identifier, wrong or missing secret', async () => {
    await expectError(send(sb.apiUrl, { body: form({ ...LIST, responsetype: 'json', identifier: 'nobody', secret: 'x' }) }), 403, 'Invalid or missing credentials');
    await expectError(api(sb, { ...LIST, secret: 'wrong' }), 403, 'Authentication Failed');
    await expectError(api(sb, { ...LIST, secret: undefined }), 403, 'Authentication Failed');
  });

  test('compatibility form username=identifier, password=secret', async () => {
    const base = { ...LIST, responsetype: 'json', username: sb.apiCredential.identifier };
    const ok = await send(sb.apiUrl, { body: form({ ...base, password: sb.apiCredential.secret }) });
    assert.equal(json(ok)['result'], 'success');
    await expectError(send(sb.apiUrl, { body: form({ ...base, password: 'wrong' }) }), 403, 'Authentication Failed');
  });

  test('legacy admin login with the md5 of the password', async () => {
    const base = { ...LIST, responsetype: 'json', username: sb.admin.username };
    assert.equal(json(await send(sb.apiUrl, { body: form({ ...base, password: md5(sb.admin.password) }) }))['result'], 'success');
    assert.equal(
      json(await send(sb.apiUrl, { body: form({ ...base, username: sb.admin.username.toUpperCase(), password: md5(sb.admin.password).toUpperCase() }) }))['result'],
      'success',
    );
    await expectError(send(sb.apiUrl, { body: form({ ...base, password: sb.admin.password }) }), 403, 'Invalid password provided');
    await expectError(send(sb.apiUrl, { body: form({ ...base, password: md5('wrong') }) }), 403, 'Authentication Failed');
    await expectError(send(sb.apiUrl, { body: form({ ...base, username: 'ghost', password: md5('x') }) }), 403, 'Authentication Failed');
  });

  test('no credentials at all: Authentication Failed', async () => {
    await expectError(send(sb.apiUrl, { body: form({ ...LIST, responsetype: 'json' }) }), 403, 'Authentication Failed');
    await expectError(send(sb.apiUrl, { body: form({ ...LIST, responsetype: 'json', password: 'x' }) }), 403, 'Authentication Failed');
  });

  test('empty action is 400, checked after authentication', async () => {
    await expectError(api(sb, {}), 400, 'Empty action request');
    await expectError(api(sb, { action: '' }), 400, 'Empty action request');
    await expectError(api(sb, { action: '_-.' }), 400, 'Empty action request');
    await expectError(send(sb.apiUrl, { body: 'responsetype=json' }), 403, 'Authentication Failed');
  });

  test('unknown action after authentication, named in normalised form', async () => {
    await expectError(api(sb, { action: 'Foo_Bar' }), 403, 'Invalid API Action: "foobar" is not a valid API action');
    await expectError(send(sb.apiUrl, { body: form({ action: 'foo', responsetype: 'json' }) }), 403, 'Authentication Failed');
  });

  test('action names are case-insensitive and ignore punctuation', async () => {
    for (const action of ['LISTOAUTHCREDENTIALS', 'list_oauth-credentials', 'listoauthcredentials']) {
      assert.equal((await apiJson(sb, { action }))['result'], 'success', action);
    }
  });

  test('role permission: lower-cased action name; unknown action still reported first', async () => {
    const limited = sb.state.addApiCredential({ allowedActions: ['listoauthcredentials'] });
    const as = (fields: Fields) => send(sb.apiUrl, { body: form({ responsetype: 'json', ...limited, ...fields }) });
    assert.equal(json(await as(LIST))['result'], 'success');
    const denied = 'Invalid Permissions: API action "updateoauthcredential" is not allowed';
    await expectError(as({ action: 'UpdateOAuthCredential', credentialId: '1', name: 'x' }), 403, denied);
    await expectError(as({ action: 'Update-OAuth_Credential' }), 403, denied);
    await expectError(as({ action: 'bogus' }), 403, 'Invalid API Action: "bogus" is not a valid API action');
    assert.equal(sb.state.getCredential(1)?.name, 'Client Area Portal');
  });
});

describe('response types', () => {
  test('without responsetype everything is key=value; text', async () => {
    const denied = await send(sb.apiUrl, { body: form(LIST) });
    assert.equal(denied.status, 403);
    assert.equal(denied.body, 'result=error;message=Authentication Failed;');
    assert.match(String(denied.headers['content-type']), /^text\/html/);

    const created = await send(sb.apiUrl, {
      body: form({ ...creds(sb), action: 'CreateOAuthCredential', grantType: 'authorization_code', name: 'Text', scope: 'openid' }),
    });
    assert.equal(created.status, 200);
    assert.match(created.body, /^result=success;credentialId=\d+;clientIdentifier=WHMCS\.[0-9a-f]{32};clientSecret=[A-Za-z0-9+/]{86}==;$/);

    const listed = await send(sb.apiUrl, { body: form({ ...creds(sb), ...LIST }) });
    assert.equal(listed.body, 'result=success;clients=Array;');
  });

  test('responsetype=JSON: pre-action errors as text, action results as JSON', async () => {
    const denied = await send(sb.apiUrl, { body: form({ ...LIST, responsetype: 'JSON' }) });
    assert.equal(denied.status, 403);
    assert.equal(denied.body, 'result=error;message=Authentication Failed;');
    const unknown = await api(sb, { action: 'nope', responsetype: 'Json' });
    assert.equal(unknown.body, 'result=error;message=Invalid API Action: "nope" is not a valid API action;');

    const invalid = await api(sb, { action: 'CreateOAuthCredential', responsetype: 'JSON' });
    assert.equal(invalid.status, 200);
    assert.equal(invalid.headers['content-type'], 'application/json');
    assert.deepEqual(json(invalid), { result: 'error', message: 'A valid grant type is required.' });
    assert.equal(json(await api(sb, { ...LIST, responsetype: 'JSON' }))['result'], 'success');
  });

  test('responsetype=json errors are JSON with the right status', async () => {
    const reply = await send(sb.apiUrl, { body: form({ ...LIST, responsetype: 'json' }) });
    assert.equal(reply.headers['content-type'], 'application/json');
    assert.equal(reply.status, 403);
  });

  test('xml renders action results; pre-action errors stay text', async () => {
    const reply = await api(sb, { ...LIST, responsetype: 'xml', limit: '1' });
    assert.equal(reply.status, 200);
    assert.match(reply.body, /^<\?xml version="1\.0" encoding="utf-8"\?>\n<whmcsapi version="8\.7\.\d+">/);
    assert.match(reply.body, /<action>listoauthcredentials<\/action>\n<result>success<\/result>\n<clients>\n<client>\n<credentialId>1<\/credentialId>/);
    const denied = await send(sb.apiUrl, { body: form({ ...LIST, responsetype: 'xml' }) });
    assert.equal(denied.body, 'result=error;message=Authentication Failed;');
  });

  test('an unsupported type answers 200 with the message, after the action ran', async () => {
    const target = sb.state.addCredential({ name: 'Doomed' });
    const reply = await api(sb, { action: 'DeleteOAuthCredential', credentialId: String(target.credentialId), responsetype: 'yaml' });
    assert.equal(reply.status, 200);
    assert.equal(reply.body, 'Unsupported API response type format "yaml". Supported formats include: json, xml, nvp');
    assert.equal(sb.state.getCredential(target.credentialId), undefined);
  });
});

describe('request parsing', () => {
  test('redirectUri as PHP arrays, [] appends, and space-separated strings', async () => {
    const indexed = await api(sb, { action: 'CreateOAuthCredential', grantType: 'authorization_code', name: 'Arr', scope: 'openid', redirectUri: ['https://a/cb', 'https://b/cb'] });
    const id1 = Number(json(indexed)['credentialId']);
    assert.deepEqual(sb.state.getCredential(id1)?.redirectUri, ['https://a/cb', 'https://b/cb']);

    const appended = await send(sb.apiUrl, {
      body: `${form({ responsetype: 'json', ...creds(sb), action: 'CreateOAuthCredential', grantType: 'authorization_code', name: 'App', scope: 'openid' })}&redirectUri[]=https%3A%2F%2Fx&redirectUri[]=https%3A%2F%2Fy`,
    });
    assert.deepEqual(sb.state.getCredential(Number(json(appended)['credentialId']))?.redirectUri, ['https://x', 'https://y']);

    const spaced = await api(sb, { action: 'CreateOAuthCredential', grantType: 'authorization_code', name: 'Sp', scope: 'openid', redirectUri: 'https://p  https://q' });
    assert.deepEqual(sb.state.getCredential(Number(json(spaced)['credentialId']))?.redirectUri, ['https://p', 'https://q']);
  });

  test('a repeated plain key keeps the last value; "a,b" stays one value', async () => {
    const body = `${form({ responsetype: 'json', ...creds(sb), action: 'CreateOAuthCredential', grantType: 'authorization_code', scope: 'openid' })}&name=first&name=last&redirectUri=https%3A%2F%2Fa&redirectUri=https%3A%2F%2Fb`;
    const reply = await send(sb.apiUrl, { body });
    const stored = sb.state.getCredential(Number(json(reply)['credentialId']));
    assert.equal(stored?.name, 'last');
    assert.deepEqual(stored?.redirectUri, ['https://b']);

    const comma = await api(sb, { action: 'CreateOAuthCredential', grantType: 'authorization_code', name: 'c', scope: 'openid', redirectUri: 'https://a,https://b' });
    assert.deepEqual(sb.state.getCredential(Number(json(comma)['credentialId']))?.redirectUri, ['https://a,https://b']);
  });

  test('GET works; query and body merge with the body winning', async () => {
    const viaGet = await send(sb.apiUrl, { query: form({ ...LIST, responsetype: 'json', ...creds(sb) }) });
    assert.equal(json(viaGet)['result'], 'success');

    const merged = await send(sb.apiUrl, {
      query: form({ action: 'CreateOAuthCredential', name: 'from query', responsetype: 'json' }),
      body: form({ ...creds(sb), grantType: 'authorization_code', scope: 'openid', name: 'from body' }),
    });
    assert.equal(sb.state.getCredential(Number(json(merged)['credentialId']))?.name, 'from body');
  });

  test('JSON bodies and bodies without a form content type are not read', async () => {
    const body = JSON.stringify({ ...LIST, ...creds(sb), responsetype: 'json' });
    assert.equal((await send(sb.apiUrl, { body, contentType: 'application/json' })).body, 'result=error;message=Authentication Failed;');
    const untyped = await send(sb.apiUrl, { body: form({ ...LIST, ...creds(sb), responsetype: 'json' }), contentType: null });
    assert.equal(untyped.status, 403);
  });

  test('multipart FormData is read (and flattens arrays to "a,b")', async () => {
    const data = new FormData();
    for (const [key, value] of Object.entries({ ...creds(sb), action: 'CreateOAuthCredential', responsetype: 'json', grantType: 'authorization_code', name: 'Form', scope: 'openid' })) {
      data.append(key, String(value));
    }
    data.append('redirectUri', String(['https://a', 'https://b']));
    const reply = await fetch(sb.apiUrl, { method: 'POST', body: data });
    const answer = (await reply.json()) as Record<string, unknown>;
    assert.equal(answer['result'], 'success');
    assert.deepEqual(sb.state.getCredential(Number(answer['credentialId']))?.redirectUri, ['https://a,https://b']);
  });

  test('ints are PHP casts: "2abc" is 2', async () => {
    const answer = await apiJson(sb, { ...LIST, limit: '2abc' });
    assert.equal((answer['clients'] as unknown[]).length, 2);
  });

  test('other paths answer 404 HTML', async () => {
    const base = new URL(sb.url);
    for (const path of [`${base.pathname}/`, `${base.pathname}/index.php`, '/includes/api.php', '/']) {
      const reply = await send(`${base.origin}${path}`);
      assert.equal(reply.status, 404, path);
      assert.match(reply.body, /<h1>Not Found<\/h1>/);
    }
  });
});

describe('HTML escaping on store', () => {
  test('every string is stored and listed htmlspecialchars-escaped', async () => {
    const created = await apiJson(sb, {
      action: 'CreateOAuthCredential',
      grantType: 'authorization_code',
      name: `A & B's "<x>"`,
      description: '&amp;',
      scope: 'openid',
      redirectUri: ['https://cb.example/?a=1&b=2'],
    });
    const id = Number(created['credentialId']);
    const stored = sb.state.getCredential(id);
    assert.equal(stored?.name, 'A &amp; B&#039;s &quot;&lt;x&gt;&quot;');
    assert.equal(stored?.description, '&amp;amp;');
    assert.deepEqual(stored?.redirectUri, ['https://cb.example/?a=1&amp;b=2']);

    const listed = (await apiJson(sb, LIST))['clients'] as Array<Record<string, unknown>>;
    const client = listed.find((c) => c['credentialId'] === id);
    assert.equal(client?.['name'], 'A &amp; B&#039;s &quot;&lt;x&gt;&quot;');
  });

  test('error messages quote the escaped input', async () => {
    const answer = await apiJson(sb, { action: 'CreateOAuthCredential', grantType: 'authorization_code', name: 'n', scope: 'openid a<b' });
    assert.equal(answer['message'], 'The requested scope "a&lt;b" is invalid.');
  });
});

describe('ListOAuthCredentials', () => {
  let list: Sandbox;
  before(async () => {
    list = await createSandbox();
  });
  after(async () => {
    await list.close();
  });
  const clients = async (fields: Fields = {}) =>
    (await apiJson(list, { ...LIST, ...fields }))['clients'] as Array<Record<string, unknown>>;

  test('the realistic seed, with exactly the documented keys', async () => {
    const all = await clients();
    assert.equal(all.length, 6);
    const first = all[0];
    assert.deepEqual(Object.keys(first ?? {}), [
      'credentialId', 'name', 'description', 'grantTypes', 'scope', 'clientIdentifier', 'clientSecret',
      'uuid', 'serviceId', 'logoUri', 'redirectUri', 'rsaKeyPairId', 'createdAt', 'updatedAt',
    ]);
    assert.equal(first?.['credentialId'], 1);
    assert.equal(first?.['uuid'], null);
    assert.equal(first?.['createdAt'], '18th March 2019 9:32:24am');
    assert.ok(Array.isArray(first?.['redirectUri']) && (first?.['redirectUri'] as unknown[]).length >= 2);
    assert.match(String(first?.['clientSecret']), /^[A-Za-z0-9+/]{86}==$/);
    assert.ok(all.some((c) => String(c['name']).includes('&amp;') && String(c['name']).includes('&quot;')));
    const unnamed = all.find((c) => c['name'] === '');
    assert.equal(unnamed?.['grantTypes'], 'single_sign_on');
    assert.equal(unnamed?.['rsaKeyPairId'], 0);
    assert.ok(Number(unnamed?.['serviceId']) > 0);
    for (const c of all) {
      assert.equal(c['grantTypes'] === 'authorization_code', Number(c['rsaKeyPairId']) > 0, String(c['name']));
    }
  });

  test('grantType filters by substring', async () => {
    const sso = await clients({ grantType: 'single' });
    assert.equal(sso.length, 2);
    assert.ok(sso.every((c) => c['grantTypes'] === 'single_sign_on'));
    assert.equal((await clients({ grantType: 'authorization_code' })).length, 4);
    assert.equal((await clients({ grantType: 'nothing' })).length, 0);
  });

  test('sortField is a database column; sortOrder; limit', async () => {
    const byName = await clients({ sortField: 'name', sortOrder: 'DESC' });
    const names = byName.map((c) => String(c['name']));
    assert.deepEqual(names, [...names].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? 1 : -1)));
    const byCreated = await clients({ sortField: 'created_at', sortOrder: 'asc' });
    assert.equal(byCreated[0]?.['name'], 'Legacy Reporting');
    const byIdDesc = await clients({ sortField: 'id', sortOrder: 'DESC' });
    assert.deepEqual(byIdDesc.map((c) => c['credentialId']), [6, 5, 4, 3, 2, 1]);
    // A response key is not a column: ignored, default id order.
    const ignored = await clients({ sortField: 'credentialId', sortOrder: 'DESC' });
    assert.deepEqual(ignored.map((c) => c['credentialId']), [6, 5, 4, 3, 2, 1]);
    const unknownAsc = await clients({ sortField: 'credentialId' });
    assert.deepEqual(unknownAsc.map((c) => c['credentialId']), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual((await clients({ limit: '2', sortField: 'id', sortOrder: 'DESC' })).map((c) => c['credentialId']), [6, 5]);
    assert.equal((await clients({ limit: '0' })).length, 6);
    assert.equal((await clients({ limit: '-3' })).length, 6);
  });

  test('seed options: N generated credentials, or none', async () => {
    await withSandbox({ seed: 250 }, async (big) => {
      const all = (await apiJson(big, LIST))['clients'] as Array<Record<string, unknown>>;
      assert.equal(all.length, 250);
      assert.ok(all.some((c) => c['grantTypes'] === 'single_sign_on'));
    });
    await withSandbox({ seed: false }, async (empty) => {
      assert.deepEqual((await apiJson(empty, LIST))['clients'], []);
    });
  });
});

describe('CreateOAuthCredential', () => {
  test('authorization_code: documented keys, 8.x identifier, 88-char secret, rsa key pair', async () => {
    const answer = await apiJson(sb, { action: 'CreateOAuthCredential', grantType: 'authorization_code', name: 'New App', scope: 'openid email openid', description: 'd', logoUri: 'https://l/x.png' });
    assert.deepEqual(Object.keys(answer), ['result', 'credentialId', 'clientIdentifier', 'clientSecret']);
    assert.match(String(answer['clientIdentifier']), /^WHMCS\.[0-9a-f]{32}$/);
    assert.match(String(answer['clientSecret']), /^[A-Za-z0-9+/]{86}==$/);
    const stored = sb.state.getCredential(Number(answer['credentialId']));
    assert.equal(stored?.clientSecret, answer['clientSecret']);
    assert.equal(stored?.scope, 'openid email');
    assert.equal(stored?.logoUri, 'https://l/x.png');
    assert.ok((stored?.rsaKeyPairId ?? 0) > 0);
  });

  test('single_sign_on: no name needed, rsaKeyPairId 0', async () => {
    const answer = await apiJson(sb, { action: 'CreateOAuthCredential', grantType: 'single_sign_on', serviceId: '12', scope: 'clientarea:sso sso:custom_redirect' });
    assert.equal(answer['result'], 'success');
    const stored = sb.state.getCredential(Number(answer['credentialId']));
    assert.equal(stored?.serviceId, 12);
    assert.equal(stored?.rsaKeyPairId, 0);
    assert.equal(stored?.name, '');
  });

  test('validation errors in the documented order, nothing stored', async () => {
    const count = sb.state.listCredentials().length;
    const create = (fields: Fields) => apiJson(sb, { action: 'CreateOAuthCredential', ...fields });
    const cases: Array<[Fields, string]> = [
      [{ scope: 'bogus' }, 'A valid grant type is required.'],
      [{ grantType: 'password', scope: 'bogus' }, 'The requested grant type "password" is invalid.'],
      [{ grantType: 'authorization_code', scope: 'bogus' }, 'A name for the Client Credential is required.'],
      [{ grantType: 'authorization_code', name: '0', scope: 'openid' }, 'A name for the Client Credential is required.'],
      [{ grantType: 'single_sign_on', scope: 'bogus' }, 'A service ID is required for the single sign-on grant type.'],
      [{ grantType: 'single_sign_on', serviceId: 'abc', scope: 'openid' }, 'A service ID is required for the single sign-on grant type.'],
      [{ grantType: 'single_sign_on', serviceId: '999', scope: 'bogus' }, 'A valid Service ID is required.'],
      [{ grantType: 'single_sign_on', serviceId: '99', scope: 'bogus' }, 'Service ID not associated with valid Client.'],
      [{ grantType: 'single_sign_on', serviceId: '12' }, 'At least one valid scope is required.'],
      [{ grantType: 'authorization_code', name: 'n', scope: '   ' }, 'At least one valid scope is required.'],
      [{ grantType: 'authorization_code', name: 'n', scope: 'openid bogus other' }, 'The requested scope "bogus" is invalid.'],
      [{ grantType: 'authorization_code', name: 'n', scope: 'OpenID' }, 'The requested scope "OpenID" is invalid.'],
    ];
    for (const [fields, message] of cases) {
      assert.deepEqual(await create(fields), { result: 'error', message }, JSON.stringify(fields));
    }
    assert.equal(sb.state.listCredentials().length, count);
  });

  test('service checks are 8.x only; sso:custom_redirect is an 8.x scope', async () => {
    await withSandbox({ flavor: '7.8' }, async (old) => {
      const ok = await apiJson(old, { action: 'CreateOAuthCredential', grantType: 'single_sign_on', serviceId: '999', scope: 'clientarea:sso' });
      assert.equal(ok['result'], 'success');
      assert.match(String(ok['clientIdentifier']), /^SANDBOX-HOSTING\.[A-Za-z0-9+/]{22}==$/);
      const bad = await apiJson(old, { action: 'CreateOAuthCredential', grantType: 'single_sign_on', serviceId: '12', scope: 'sso:custom_redirect' });
      assert.equal(bad['message'], 'The requested scope "sso:custom_redirect" is invalid.');
    });
  });

  test('state.addScope and addService extend the lookup tables', async () => {
    await withSandbox({ seed: false }, async (custom) => {
      const create = { action: 'CreateOAuthCredential', grantType: 'single_sign_on', serviceId: '500', scope: 'custom:thing' };
      assert.equal((await apiJson(custom, create))['message'], 'A valid Service ID is required.');
      custom.state.addService(500, { clientId: null });
      assert.equal((await apiJson(custom, create))['message'], 'Service ID not associated with valid Client.');
      custom.state.addService(500, { clientId: 8 });
      assert.equal((await apiJson(custom, create))['message'], 'The requested scope "custom:thing" is invalid.');
      custom.state.addScope('custom:thing');
      assert.equal((await apiJson(custom, create))['result'], 'success');
    });
  });
});

describe('UpdateOAuthCredential', () => {
  const update = (target: Sandbox, fields: Fields) => apiJson(target, { action: 'UpdateOAuthCredential', ...fields });

  test('present fields replace (empty clears), absent keep; only result and credentialId', async () => {
    const c = sb.state.addCredential({ name: 'Before', description: 'desc', logoUri: 'https://old/logo', scope: 'openid', redirectUri: ['https://a'] });
    const answer = await update(sb, { credentialId: String(c.credentialId), description: '', logoUri: 'https://new/logo', redirectUri: ['https://b', 'https://c'], scope: 'openid email' });
    assert.deepEqual(answer, { result: 'success', credentialId: c.credentialId });
    const after = sb.state.getCredential(c.credentialId);
    assert.equal(after?.name, 'Before');
    assert.equal(after?.description, '');
    assert.equal(after?.logoUri, 'https://new/logo');
    assert.deepEqual(after?.redirectUri, ['https://b', 'https://c']);
    assert.equal(after?.scope, 'openid email');
    assert.equal(after?.clientSecret, c.clientSecret);
    assert.ok((after?.updatedAt.getTime() ?? 0) >= c.updatedAt.getTime());

    await update(sb, { credentialId: String(c.credentialId), name: 'After', redirectUri: 'https://x https://y' });
    assert.equal(sb.state.getCredential(c.credentialId)?.name, 'After');
    assert.deepEqual(sb.state.getCredential(c.credentialId)?.redirectUri, ['https://x', 'https://y']);
    assert.equal(sb.state.getCredential(c.credentialId)?.scope, 'openid email');

    await update(sb, { credentialId: String(c.credentialId), redirectUri: '' });
    assert.deepEqual(sb.state.getCredential(c.credentialId)?.redirectUri, []);
  });

  test('grantType and serviceId change together', async () => {
    const c = sb.state.addCredential({ name: 'Switch', scope: 'openid' });
    await update(sb, { credentialId: String(c.credentialId), grantType: 'single_sign_on', serviceId: '15', scope: 'clientarea:sso' });
    const after = sb.state.getCredential(c.credentialId);
    assert.equal(after?.grantTypes, 'single_sign_on');
    assert.equal(after?.serviceId, 15);
  });

  test('validation errors in the documented order, nothing changed', async () => {
    const code = sb.state.addCredential({ name: 'Keep', scope: 'openid' });
    const sso = sb.state.addCredential({ grantTypes: 'single_sign_on', serviceId: 12, scope: 'clientarea:sso' });
    const id = String(code.credentialId);
    const cases: Array<[Fields, string]> = [
      [{ name: '', scope: 'bogus' }, 'A Credential ID or Client Identifier is required.'],
      [{ credentialId: '0', clientIdentifier: '' }, 'A Credential ID or Client Identifier is required.'],
      [{ credentialId: '99999', clientIdentifier: code.clientIdentifier }, 'Invalid Credential ID provided.'],
      [{ clientIdentifier: 'WHMCS.nope', grantType: 'bogus' }, 'Invalid Client Identifier provided.'],
      [{ credentialId: id, grantType: 'bogus', name: '', scope: 'bogus' }, 'The requested grant type "bogus" is invalid.'],
      [{ credentialId: id, name: '', scope: 'bogus' }, 'A name for the Client Credential is required.'],
      [{ credentialId: String(sso.credentialId), grantType: 'authorization_code', scope: 'bogus' }, 'A name for the Client Credential is required.'],
      [{ credentialId: id, grantType: 'single_sign_on', scope: 'bogus' }, 'A service ID is required for the single sign-on grant type.'],
      [{ credentialId: String(sso.credentialId), serviceId: '0', scope: 'bogus' }, 'A service ID is required for the single sign-on grant type.'],
      [{ credentialId: id, scope: 'openid nope', resetSecret: '1' }, 'The requested scope "nope" is invalid.'],
    ];
    for (const [fields, message] of cases) {
      assert.deepEqual(await update(sb, fields), { result: 'error', message }, JSON.stringify(fields));
    }
    assert.deepEqual(sb.state.getCredential(code.credentialId), code);
    assert.deepEqual(sb.state.getCredential(sso.credentialId), sso);
  });

  test('credentialId wins when > 0; a non-numeric one falls back to clientIdentifier', async () => {
    const a = sb.state.addCredential({ name: 'A' });
    const b = sb.state.addCredential({ name: 'B' });
    await update(sb, { credentialId: String(a.credentialId), clientIdentifier: b.clientIdentifier, name: 'A2' });
    assert.equal(sb.state.getCredential(a.credentialId)?.name, 'A2');
    assert.equal(sb.state.getCredential(b.credentialId)?.name, 'B');
    await update(sb, { credentialId: 'abc', clientIdentifier: b.clientIdentifier, name: 'B2' });
    assert.equal(sb.state.getCredential(b.credentialId)?.name, 'B2');
  });

  test('clientIdentifier is read; the documented clientApiIdentifier is not', async () => {
    const c = sb.state.addCredential({ name: 'ById' });
    assert.deepEqual(await update(sb, { clientApiIdentifier: c.clientIdentifier, name: 'Changed' }), {
      result: 'error',
      message: 'A Credential ID or Client Identifier is required.',
    });
    assert.deepEqual(await update(sb, { clientIdentifier: c.clientIdentifier, name: 'Changed' }), { result: 'success', credentialId: c.credentialId });
    assert.equal(sb.state.getCredential(c.credentialId)?.name, 'Changed');
  });

  test('a 7.x identifier with + must be percent-encoded, or it arrives with a space', async () => {
    await withSandbox({ flavor: '7.8' }, async (old) => {
      const c = old.state.addCredential({ name: 'Plus', clientIdentifier: 'SANDBOX-HOSTING.ab+cd/ef==' });
      const raw = `${form({ responsetype: 'json', ...creds(old), action: 'UpdateOAuthCredential', name: 'x' })}&clientIdentifier=SANDBOX-HOSTING.ab+cd/ef==`;
      assert.equal(json(await send(old.apiUrl, { body: raw }))['message'], 'Invalid Client Identifier provided.');
      assert.equal((await update(old, { clientIdentifier: c.clientIdentifier, name: 'x' }))['result'], 'success');
    });
  });

  test('resetSecret is PHP-truthy: "false" resets, "0" and "" do not', async () => {
    for (const value of ['1', 'false', 'true', 'no']) {
      const c = sb.state.addCredential({ name: `Reset ${value}` });
      const answer = await update(sb, { credentialId: String(c.credentialId), resetSecret: value });
      assert.deepEqual(Object.keys(answer), ['result', 'credentialId', 'newClientSecret'], value);
      assert.match(String(answer['newClientSecret']), /^[A-Za-z0-9+/]{86}==$/);
      assert.notEqual(answer['newClientSecret'], c.clientSecret);
      assert.equal(sb.state.getCredential(c.credentialId)?.clientSecret, answer['newClientSecret']);
    }
    for (const value of ['0', '']) {
      const c = sb.state.addCredential({ name: `Keep ${value}` });
      const answer = await update(sb, { credentialId: String(c.credentialId), resetSecret: value });
      assert.deepEqual(answer, { result: 'success', credentialId: c.credentialId }, JSON.stringify(value));
      assert.equal(sb.state.getCredential(c.credentialId)?.clientSecret, c.clientSecret);
    }
  });

  test('without the merge defect a mixed change is stored as submitted', async () => {
    const c = sb.state.addCredential({ name: 'M', scope: 'openid email', redirectUri: ['https://a', 'https://b'] });
    await update(sb, { credentialId: String(c.credentialId), scope: 'email profile', redirectUri: ['https://b', 'https://c'] });
    assert.equal(sb.state.getCredential(c.credentialId)?.scope, 'email profile');
    assert.deepEqual(sb.state.getCredential(c.credentialId)?.redirectUri, ['https://b', 'https://c']);
  });

  test('with the merge defect a mixed change drops the additions; union-then-target repairs', async () => {
    await withSandbox({ mergeDefect: true }, async (buggy) => {
      const c = buggy.state.addCredential({ name: 'M', scope: 'openid email', redirectUri: ['https://a', 'https://b'] });
      const id = String(c.credentialId);
      assert.deepEqual(await update(buggy, { credentialId: id, scope: 'email profile', redirectUri: ['https://b', 'https://c'] }), { result: 'success', credentialId: c.credentialId });
      assert.equal(buggy.state.getCredential(c.credentialId)?.scope, 'email');
      assert.deepEqual(buggy.state.getCredential(c.credentialId)?.redirectUri, ['https://b']);

      // Only additions, then only removals: both applied.
      await update(buggy, { credentialId: id, scope: 'email openid profile', redirectUri: ['https://a', 'https://b', 'https://c'] });
      await update(buggy, { credentialId: id, scope: 'email profile', redirectUri: ['https://b', 'https://c'] });
      assert.equal(buggy.state.getCredential(c.credentialId)?.scope, 'email profile');
      assert.deepEqual(buggy.state.getCredential(c.credentialId)?.redirectUri, ['https://b', 'https://c']);
    });
  });
});

describe('DeleteOAuthCredential', () => {
  test('deletes once; then and for missing ids: Invalid Credential ID provided.', async () => {
    const c = sb.state.addCredential({ name: 'Delete me' });
    assert.deepEqual(await apiJson(sb, { action: 'DeleteOAuthCredential', credentialId: String(c.credentialId) }), { result: 'success', credentialId: c.credentialId });
    assert.equal(sb.state.getCredential(c.credentialId), undefined);
    const invalid = { result: 'error', message: 'Invalid Credential ID provided.' };
    assert.deepEqual(await apiJson(sb, { action: 'DeleteOAuthCredential', credentialId: String(c.credentialId) }), invalid);
    assert.deepEqual(await apiJson(sb, { action: 'DeleteOAuthCredential' }), invalid);
    assert.deepEqual(await apiJson(sb, { action: 'DeleteOAuthCredential', clientIdentifier: sb.state.listCredentials()[0]?.clientIdentifier }), invalid);
  });
});

describe('flavors: JSON escaping and numbers', () => {
  const namedFields = { action: 'CreateOAuthCredential', grantType: 'authorization_code', name: 'Q', scope: 'openid', redirectUri: ['https://a/b'] };

  test("8.7: ints, & < > \" ' as \\u00XX, '/' unescaped", async () => {
    await withSandbox({ seed: false }, async (modern) => {
      const created = await api(modern, namedFields);
      assert.match(created.body, /^\{"result":"success","credentialId":1,"clientIdentifier":"WHMCS\.[0-9a-f]{32}","clientSecret":"[A-Za-z0-9+/]{86}=="\}$/);
      modern.state.addCredential({ name: `a&b<c>"d'e` });
      const listed = await api(modern, LIST);
      assert.ok(listed.body.includes('"name":"a\\u0026b\\u003Cc\\u003E\\u0022d\\u0027e"'), listed.body);
      assert.ok(listed.body.includes('"redirectUri":["https://a/b"]'));
      assert.ok(listed.body.includes('"serviceId":0'));
    });
  });

  test("7.8: numeric strings, '/' as '\\/', quotes as \\\"", async () => {
    await withSandbox({ flavor: '7.8', seed: false }, async (old) => {
      const created = await api(old, namedFields);
      assert.match(created.body, /"credentialId":"1"/);
      assert.match(created.body, /"clientSecret":"[A-Za-z0-9+\\/]+=="/);
      old.state.addCredential({ name: `a&b<c>"d'e` });
      const listed = await api(old, LIST);
      assert.ok(listed.body.includes(`"name":"a&b<c>\\"d'e"`), listed.body);
      assert.ok(listed.body.includes('"redirectUri":["https:\\/\\/a\\/b"]'));
      assert.ok(listed.body.includes('"rsaKeyPairId":"1"'));
      const clients = json(listed)['clients'] as Array<Record<string, unknown>>;
      assert.equal(clients[0]?.['serviceId'], '0');
    });
  });

  test('numbersAsStrings overrides the flavor default', async () => {
    await withSandbox({ flavor: '7.8', numbersAsStrings: false, seed: false }, async (old) => {
      assert.match((await api(old, namedFields)).body, /"credentialId":1,/);
    });
    await withSandbox({ numbersAsStrings: true, seed: false }, async (modern) => {
      assert.match((await api(modern, namedFields)).body, /"credentialId":"1",/);
    });
  });
});

describe('faults', () => {
  let f: Sandbox;
  before(async () => {
    f = await createSandbox();
  });
  after(async () => {
    await f.close();
  });
  const deleteFields = (id: number): Fields => ({ action: 'DeleteOAuthCredential', credentialId: String(id) });

  test('html200 and html500: HTML instead of the answer, action not applied', async () => {
    for (const [kind, status] of [['html200', 200], ['html500', 500]] as const) {
      const c = f.state.addCredential({ name: kind });
      f.faults.inject({ kind, times: 1 });
      const reply = await api(f, deleteFields(c.credentialId));
      assert.equal(reply.status, status);
      assert.match(String(reply.headers['content-type']), /^text\/html/);
      assert.match(reply.body, /<(html|b>Fatal error)/);
      assert.ok(f.state.getCredential(c.credentialId), `${kind} must not apply the action`);
      assert.equal(json(await api(f, deleteFields(c.credentialId)))['result'], 'success', 'times: 1 is used up');
    }
  });

  test('bom: the normal answer behind a UTF-8 BOM', async () => {
    f.faults.inject({ kind: 'bom', times: 1 });
    const reply = await api(f, LIST);
    assert.equal(reply.body.charCodeAt(0), 0xfeff);
    assert.equal((JSON.parse(reply.body.slice(1)) as Record<string, unknown>)['result'], 'success');
    assert.equal(reply.headers['content-type'], 'application/json');
  });

  test('phpNotice: HTML notice first, status 200 even for a 403 answer', async () => {
    const notice = '<br />\n<b>Notice</b>:  Undefined index: foo in <b>/var/www/whmcs/includes/api.php</b> on line <b>42</b><br />\n';
    f.faults.inject({ kind: 'phpNotice', times: 2 });
    const ok = await api(f, LIST);
    assert.equal(ok.status, 200);
    assert.ok(ok.body.startsWith(notice));
    assert.equal((JSON.parse(ok.body.slice(notice.length)) as Record<string, unknown>)['result'], 'success');
    const denied = await api(f, { ...LIST, secret: 'wrong' });
    assert.equal(denied.status, 200);
    assert.equal(denied.body, `${notice}{"result":"error","message":"Authentication Failed"}`);
    assert.match(String(denied.headers['content-type']), /^text\/html/);
  });

  test('delay: applied, answered after delayMs', async () => {
    const c = f.state.addCredential({ name: 'slow' });
    f.faults.inject({ kind: 'delay', delayMs: 300, times: 1 });
    const started = Date.now();
    const reply = await api(f, deleteFields(c.credentialId));
    assert.ok(Date.now() - started >= 280, `answered after ${Date.now() - started}ms`);
    assert.equal(json(reply)['result'], 'success');
    assert.equal(f.state.getCredential(c.credentialId), undefined);
  });

  test('hang: no answer, action not applied', async () => {
    const c = f.state.addCredential({ name: 'hung' });
    f.faults.inject({ kind: 'hang', times: 1 });
    await assert.rejects(api(f, deleteFields(c.credentialId), { timeoutMs: 300 }), /client timeout/);
    assert.ok(f.state.getCredential(c.credentialId));
  });

  test('reset: the socket dies without an answer, action not applied', async () => {
    const c = f.state.addCredential({ name: 'reset' });
    f.faults.inject({ kind: 'reset', times: 1 });
    await assert.rejects(api(f, deleteFields(c.credentialId)), (error: Error & { code?: string }) => error.code === 'ECONNRESET');
    assert.ok(f.state.getCredential(c.credentialId));
  });

  test('halfBody: applied, then half the declared body', async () => {
    const c = f.state.addCredential({ name: 'half' });
    f.faults.inject({ kind: 'halfBody', times: 1 });
    await assert.rejects(api(f, { action: 'UpdateOAuthCredential', credentialId: String(c.credentialId), resetSecret: '1' }));
    assert.notEqual(f.state.getCredential(c.credentialId)?.clientSecret, c.clientSecret);

    // What arrives: the headers with the full length, then fewer bytes.
    f.faults.inject({ kind: 'halfBody', times: 1 });
    const seen = await new Promise<{ declared: number; received: number }>((resolve) => {
      const req = http.request(f.apiUrl, { method: 'POST', agent: false, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, (res) => {
        let received = 0;
        res.on('data', (chunk: Buffer) => (received += chunk.length));
        res.on('error', () => {});
        res.on('close', () => resolve({ declared: Number(res.headers['content-length']), received }));
      });
      req.on('error', () => {});
      req.end(form({ responsetype: 'json', ...creds(f), ...LIST }));
    });
    assert.ok(seen.declared > 100);
    assert.equal(seen.received, Math.floor(seen.declared / 2));
  });

  test('applyThenDrop: the change happens, the answer never comes', async () => {
    const c = f.state.addCredential({ name: 'dropped' });
    f.faults.inject({ kind: 'applyThenDrop', action: 'updateOAuthCredential', times: 1 });
    await assert.rejects(api(f, { action: 'UpdateOAuthCredential', credentialId: String(c.credentialId), resetSecret: '1' }));
    assert.notEqual(f.state.getCredential(c.credentialId)?.clientSecret, c.clientSecret);
  });

  test('redirect: the status and Location a web server rule sends, action not applied; over the control endpoint too', async () => {
    const c = f.state.addCredential({ name: 'redirected' });
    f.faults.inject({ kind: 'redirect', times: 1 });
    const moved = await api(f, deleteFields(c.credentialId));
    assert.equal(moved.status, 302);
    assert.equal(moved.headers['location'], 'https://whmcs.moved.example/whmcs/includes/api.php?session=sandbox-redirect-token');
    assert.ok(f.state.getCredential(c.credentialId), 'a redirect must not apply the action');
    const control = `${f.url}/__sandbox/faults`;
    const set = await send(control, { body: JSON.stringify({ kind: 'redirect', status: 308, location: '/elsewhere/api.php', times: 1 }), contentType: 'application/json' });
    assert.equal(set.status, 200);
    const relative = await api(f, LIST);
    assert.equal(relative.status, 308);
    assert.equal(relative.headers['location'], '/elsewhere/api.php');
    f.faults.inject({ kind: 'redirect', status: 301, location: '', times: 1 });
    const none = await api(f, LIST);
    assert.equal(none.status, 301);
    assert.equal(none.headers['location'], undefined);
    for (const bad of [{ status: 200 }, { status: 404 }, { location: 'a\r\nSet-Cookie: x' }]) {
      assert.equal((await send(control, { body: JSON.stringify({ kind: 'redirect', ...bad }), contentType: 'application/json' })).status, 400, JSON.stringify(bad));
    }
  });

  test('echoRequest: a 500 page printing the request variables, action not applied', async () => {
    const c = f.state.addCredential({ name: 'echoed' });
    f.faults.inject({ kind: 'echoRequest', times: 1 });
    const page = await api(f, deleteFields(c.credentialId));
    assert.equal(page.status, 500);
    // Checked without printing the page on failure: it holds the API secret.
    assert.ok(/<b>Fatal error<\/b>: Request Array \( .*\[identifier\] => .*\[action\] => DeleteOAuthCredential /.test(page.body), 'not the request dump');
    assert.ok(page.body.includes(`[secret] => ${f.apiCredential.secret}`), 'the dump does not echo the secret');
    assert.ok(f.state.getCredential(c.credentialId));
  });

  test('noNewSecret and ignoreReset: success without the new secret; the reset made or not', async () => {
    const c = f.state.addCredential({ name: 'reset without secret' });
    const reset = { action: 'UpdateOAuthCredential', credentialId: String(c.credentialId), resetSecret: '1' };
    f.faults.inject({ kind: 'noNewSecret', times: 1 });
    const empty = json(await api(f, reset));
    assert.deepEqual(empty, { result: 'success', credentialId: c.credentialId, newClientSecret: '' });
    const afterReset = f.state.getCredential(c.credentialId)?.clientSecret;
    assert.ok(afterReset !== c.clientSecret, 'noNewSecret must still reset');
    f.faults.inject({ kind: 'ignoreReset', times: 1 });
    const none = json(await api(f, { ...reset, description: 'changed' }));
    assert.deepEqual(none, { result: 'success', credentialId: c.credentialId });
    assert.ok(f.state.getCredential(c.credentialId)?.clientSecret === afterReset, 'ignoreReset must keep the secret');
    assert.equal(f.state.getCredential(c.credentialId)?.description, 'changed', 'ignoreReset must still apply the update');
  });

  test('action filter and times; clear()', async () => {
    f.faults.inject({ kind: 'html500', action: 'Delete_OAuth_Credential', times: 2 });
    assert.equal((await api(f, LIST)).status, 200);
    const c = f.state.addCredential({ name: 'filtered' });
    assert.equal((await api(f, deleteFields(c.credentialId))).status, 500);
    assert.equal((await api(f, deleteFields(c.credentialId))).status, 500);
    assert.equal(json(await api(f, deleteFields(c.credentialId)))['result'], 'success');

    f.faults.inject({ kind: 'html500' });
    assert.equal((await api(f, LIST)).status, 500);
    assert.equal((await api(f, LIST)).status, 500);
    f.faults.clear();
    assert.equal((await api(f, LIST)).status, 200);
  });

  test('skip lets the first matching requests through', async () => {
    f.faults.inject({ kind: 'html500', action: 'ListOAuthCredentials', skip: 2, times: 1 });
    assert.equal((await api(f, LIST)).status, 200);
    assert.equal((await api(f, LIST)).status, 200);
    assert.equal((await api(f, LIST)).status, 500);
    assert.equal((await api(f, LIST)).status, 200);
  });

  test('invalid faults are refused', () => {
    assert.throws(() => f.faults.inject({ kind: 'explode' as never }), TypeError);
    assert.throws(() => f.faults.inject({ kind: 'delay', times: 0 }), TypeError);
    assert.throws(() => f.faults.inject({ kind: 'delay', skip: -1 }), TypeError);
  });

  test('latencyMs delays every answer', async () => {
    await withSandbox({ latencyMs: 200 }, async (slow) => {
      const started = Date.now();
      assert.equal(json(await api(slow, LIST))['result'], 'success');
      assert.ok(Date.now() - started >= 180);
    });
  });
});

describe('control endpoints', () => {
  test('credentials, stats, faults and reset over HTTP', async () => {
    await withSandbox({}, async (c) => {
      const control = `${c.url}/__sandbox`;
      const stored = JSON.parse((await send(`${control}/credentials`)).body) as { credentials: Array<Record<string, unknown>>; scopes: string[] };
      assert.equal(stored.credentials.length, 6);
      assert.equal(stored.credentials[0]?.['clientSecret'], c.state.getCredential(1)?.clientSecret);
      assert.ok(stored.scopes.includes('sso:custom_redirect'));

      const badFault = await send(`${control}/faults`, { body: '{"kind":"nope"}', contentType: 'application/json' });
      assert.equal(badFault.status, 400);
      const fault = await send(`${control}/faults`, { body: JSON.stringify({ kind: 'html500', action: 'ListOAuthCredentials' }), contentType: 'application/json' });
      assert.equal(fault.status, 200);
      assert.equal((await api(c, LIST)).status, 500);
      assert.equal((await send(`${control}/faults`, { method: 'DELETE' })).status, 200);
      assert.equal((await api(c, LIST)).status, 200);

      const stats = JSON.parse((await send(`${control}/stats`)).body) as Record<string, number>;
      assert.equal(stats['requests'], 2);
      assert.ok((stats['connections'] ?? 0) >= 6);

      const first = c.state.getCredential(1);
      c.state.deleteAll();
      assert.equal(c.state.listCredentials().length, 0);
      c.faults.inject({ kind: 'hang' });
      assert.equal((await send(`${control}/reset`, { method: 'POST' })).status, 200);
      assert.equal(c.state.listCredentials().length, 6);
      assert.deepEqual(c.state.getCredential(1), first);
      assert.equal(c.faults.list().length, 0);
      assert.equal((await send(`${control}/nothing`)).status, 404);
    });
  });
  test('the request log names each request\'s action and parameters, never their values', async () => {
    await withSandbox({}, async (c) => {
      c.resetStats();
      await api(c, { action: 'Update OAuth-Credential', credentialId: '1', description: 'x', resetSecret: 'false' });
      await api(c, LIST);
      const logged = c.requests();
      assert.deepEqual(logged.map((entry) => entry.action), ['updateoauthcredential', 'listoauthcredentials']);
      assert.deepEqual(logged[0]?.params.filter((name) => !['identifier', 'secret', 'responsetype'].includes(name)), ['action', 'credentialId', 'description', 'resetSecret']);
      const overHttp = (await send(`${c.url}/__sandbox/requests`)).body;
      assert.deepEqual((JSON.parse(overHttp) as { requests: unknown }).requests, logged);
      assert.ok(!overHttp.includes(c.apiCredential.secret), 'the log holds the API secret');
      c.resetStats();
      assert.deepEqual(c.requests(), []);
    });
  });
});

describe('connections', () => {
  test('keep-alive: many calls over one socket, counted by stats()', async () => {
    await withSandbox({}, async (k) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      try {
        k.resetStats();
        for (let i = 0; i < 50; i++) {
          const reply = await api(k, LIST, { agent });
          assert.equal(reply.status, 200);
          assert.equal(reply.headers['connection'], 'keep-alive');
        }
        assert.deepEqual(k.stats(), { connections: 1, requests: 50 });
        k.resetStats();
        await api(k, LIST);
        assert.deepEqual(k.stats(), { connections: 1, requests: 1 });
      } finally {
        agent.destroy();
      }
    });
  });

  test('TLS: trusted with caPem, refused without', async () => {
    await withSandbox({ tls: true }, async (secure) => {
      assert.match(secure.url, /^https:\/\/127\.0\.0\.1:\d+\/whmcs$/);
      assert.match(secure.caPem ?? '', /BEGIN CERTIFICATE/);
      const trusted = await send(secure.apiUrl, { body: form({ ...LIST, responsetype: 'json', ...creds(secure) }), ca: secure.caPem ?? '' });
      assert.equal(json(trusted)['result'], 'success');
      const localhostUrl = secure.apiUrl.replace('127.0.0.1', 'localhost');
      const byName = await send(localhostUrl, { body: form({ ...LIST, responsetype: 'json', ...creds(secure) }), ca: secure.caPem ?? '' });
      assert.equal(json(byName)['result'], 'success');
      await assert.rejects(send(secure.apiUrl, { body: form({ ...LIST, ...creds(secure) }) }), /self[- ]signed|unable to verify/i);
    });
  });

  test('close() ends hung requests and idle keep-alive sockets promptly', async () => {
    const h = await createSandbox();
    const agent = new http.Agent({ keepAlive: true });
    try {
      await api(h, LIST, { agent }); // leaves an idle keep-alive socket
      h.faults.inject({ kind: 'hang' });
      const hung = api(h, LIST);
      hung.catch(() => {});
      await requestsReach(h, 2); // the second one hangs on the server
      const started = Date.now();
      await h.close();
      await assert.rejects(hung);
      assert.ok(Date.now() - started < 1000, `close took ${Date.now() - started}ms`);
    } finally {
      agent.destroy();
    }
  });

  test('close() cancels pending delayed answers', async () => {
    const d = await createSandbox({ latencyMs: 60_000 });
    const pending = api(d, LIST);
    pending.catch(() => {});
    await requestsReach(d, 1); // its answer is being held back
    const started = Date.now();
    await d.close();
    await assert.rejects(pending);
    assert.ok(Date.now() - started < 1000);
  });
});
