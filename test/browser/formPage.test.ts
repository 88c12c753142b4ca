// The update form's webview page in Chromium, as the host serves it (CSP with a nonce, the
// production bundle, the stylesheet), talking to a fake host: prefill and escaping, validation as
// you type, the lists, the reset confirmation, the host's answers, keyboard use, persistence,
// CSP, and screenshots in a light and a dark theme. Run after `npm run build`:
//   node --import tsx --test test/browser/formPage.test.ts
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Frame } from 'playwright-core';
import type { FormCredential, HostMessage } from '../../src/shared/protocol';
import { STANDARD_SCOPES } from '../../src/core/whmcs/types';
import { PHASE_TEXT as STATUS } from '../../src/webview/labels';
import { launchChromium, openForm, startFixtureServer, type FixtureServer, type FormPage } from './harness';

const root = join(__dirname, '..', '..');
const artifacts = join(root, 'test-artifacts');
const XSS_NAME = '<img src=x onerror=alert(1)>';

const credential: FormCredential = {
  credentialId: 7,
  clientIdentifier: 'WHMCS-4c1d0e2f9a',
  name: 'Billing portal',
  description: 'Signs clients in to the portal',
  grantType: 'authorization_code',
  scopes: ['clientarea:sso', 'openid', 'custom:reports'],
  serviceId: 0,
  logoUri: 'https://portal.example/logo.png',
  redirectUris: ['https://a.example/cb', 'https://b.example/cb', 'https://c.example/cb'],
  createdAt: '18th November 2016 9:32:24am',
  updatedAt: '2nd March 2025 4:05:06pm',
};

function load(overrides: Partial<FormCredential> = {}): HostMessage {
  return {
    type: 'load',
    serverId: 'server-1',
    credential: { ...credential, ...overrides },
    serverLabel: 'Billing (staging)',
    scopeSuggestions: [...STANDARD_SCOPES, 'custom:reports'],
    storeDescription: 'the OS keychain (Secret Service)',
    secretHeld: false,
  };
}

let server: FixtureServer;
let browser: Browser;

before(async () => {
  assert.ok(existsSync(join(root, 'dist', 'webview', 'form.js')), 'run `npm run build` first');
  server = await startFixtureServer();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A page with the form loaded (and the "ready" handshake checked). */
async function loadedForm(message: HostMessage = load(), theme: 'light' | 'dark' = 'light'): Promise<FormPage> {
  const form = await openForm(browser, server, theme);
  await until(form.page, () => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
  await form.send(message);
  await form.page.locator('#credential-title').waitFor();
  await form.page.waitForFunction(() => document.querySelector('#field-name')?.shadowRoot?.querySelector('input') !== null);
  return form;
}

/** Waits until a condition holds in the page (host messages arrive asynchronously). */
async function until(page: Frame, predicate: (arg: string) => boolean, arg = ''): Promise<void> {
  await page.waitForFunction(predicate, arg, { timeout: 15_000 });
}

/**
 * Fills a field with text that differs from what it holds: filling a field with its own value
 * fires no input event, so a wait for what that event causes would wait for nothing.
 */
async function fillNew(page: Frame, selector: string, text: string): Promise<void> {
  const input = page.locator(selector);
  assert.notEqual(await input.inputValue(), text, `${selector} already holds ${JSON.stringify(text)}: filling it changes nothing`);
  await input.fill(text);
}

/** A property of an element (VS Code Elements keep their state in properties). */
function prop<T>(page: Frame, selector: string, name: string): Promise<T> {
  return page.locator(selector).evaluate((element, key) => (element as unknown as Record<string, unknown>)[key], name) as Promise<T>;
}

const saveDisabled = (page: Frame): Promise<boolean> => prop(page, '#save', 'disabled');
const uris = (page: Frame): Promise<string[]> => page.locator('#field-redirect-uris vscode-textfield').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
const fieldError = (page: Frame, id: string) => page.locator(`[data-field="${id}"] > .field-error`);

async function chooseGrantType(page: Frame, value: string): Promise<void> {
  await page.locator('#field-grant-type').click();
  await page.locator(`#field-grant-type li[role="option"]`, { hasText: `(${value})` }).click();
  await until(page, (v) => (document.querySelector('#field-grant-type') as unknown as { value: string }).value === v, value);
}

describe('update form page', () => {
  test('says ready once and fills the form from load, rendering host text as text', async () => {
    const form = await loadedForm(load({ name: XSS_NAME }));
    const { page } = form;
    try {
      assert.deepEqual(await form.posted(), [{ type: 'ready' }]);
      assert.equal(await page.locator('#credential-title').textContent(), XSS_NAME);
      assert.equal(await prop(page, '#field-name', 'value'), XSS_NAME);
      assert.equal(await page.locator('img').count(), 0, 'no img element was created from the name');
      assert.equal(await page.locator('#client-id').textContent(), credential.clientIdentifier);
      assert.match((await page.locator('.meta').textContent()) ?? '', /Billing \(staging\).*Credential ID\s*7/s);
      assert.equal(await prop(page, '#field-description', 'value'), credential.description);
      assert.equal(await prop(page, '#field-grant-type', 'value'), 'authorization_code');
      assert.equal(await prop(page, '#field-service-id', 'value'), '0');
      assert.equal(await prop(page, '#field-logo-uri', 'value'), credential.logoUri);
      const checked = await page.locator('#field-scopes vscode-checkbox').evaluateAll((boxes) =>
        boxes.filter((b) => (b as HTMLInputElement).checked).map((b) => (b as HTMLInputElement).value),
      );
      assert.deepEqual(checked.sort(), [...credential.scopes].sort());
      assert.deepEqual(await uris(page), credential.redirectUris);
      assert.equal(await prop(page, '#reset-secret', 'checked'), false);
      // Not even a detached element was made from it: no HTML parser was handed the name while
      // the form was filled (recorded as it happens, so there is nothing to wait for).
      const parsed = await form.parsedHtml();
      assert.ok(!parsed.some((html) => html.includes('<img src=x')), `the name went through an HTML parser: ${parsed.join(' | ').slice(0, 300)}`);
      assert.deepEqual(form.dialogs, []);
    } finally {
      await form.close();
    }
  });

  test('only the host is heard: messages from the page itself, a frame in it, another frame of the window or a made-up event are ignored', async () => {
    const form = await loadedForm();
    const { page, tab } = form;
    try {
      await page.evaluate(() => document.body.append(Object.assign(document.createElement('iframe'), { name: 'inner' })));
      const inner = page.childFrames().find((frame) => frame.name() === 'inner');
      assert.ok(inner, 'the inner frame exists');
      assert.equal(await inner.evaluate(() => window.origin), await page.evaluate(() => window.origin), 'the inner frame shares the origin');
      await tab.evaluate(() => document.body.append(Object.assign(document.createElement('iframe'), { name: 'other' })));
      const other = tab.frames().find((frame) => frame.name() === 'other');
      assert.ok(other, 'the other frame exists');
      const senders: Array<[string, (message: HostMessage) => Promise<unknown>]> = [
        // window.parent is the page itself in a webview: a check against it lets this one in.
        ['the page itself', (m) => page.evaluate((message) => window.postMessage(message, '*'), m)],
        ['a frame in the page', (m) => inner.evaluate((message) => window.parent.postMessage(message, '*'), m)],
        // Another webview, say: same origin, and it can reach the form's window.
        ['another frame of the window', (m) =>
          other.evaluate((message) => (window.parent.document.getElementById('active-frame') as HTMLIFrameElement).contentWindow?.postMessage(message, '*'), m)],
        // Claiming the outer frame as its source (top is the outer frame in this harness).
        ['a made-up event', (m) => page.evaluate((message) => window.dispatchEvent(new MessageEvent('message', { data: message, origin: window.origin, source: window.top })), m)],
      ];
      const phases = ['checking', 'sending', 'verifying', 'checking'] as const;
      for (const [index, [from, post]] of senders.entries()) {
        await post({ type: 'saveFailed', message: `Forged by ${from}`, hint: '', notApplied: true });
        // Delivered in order: once the host's message (sent after it) is applied, the forged one was seen.
        const phase = phases[index] ?? 'checking';
        await form.send({ type: 'saving', phase });
        await until(page, (label) => document.querySelector('#status')?.textContent === label, STATUS[phase]);
        assert.deepEqual(await page.locator('.banner').allTextContents(), [], `the message from ${from} was applied`);
      }
      assert.equal(await page.locator('#credential-title').textContent(), credential.name);
    } finally {
      await form.close();
    }
  });

  test('Copy puts the client ID on the clipboard', async () => {
    const form = await loadedForm();
    const { page } = form;
    try {
      await form.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
      await page.getByRole('button', { name: 'Copy client ID' }).click();
      await until(page, () => document.querySelector('.client-id-row .copy-status')?.textContent === 'Client ID copied.');
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), credential.clientIdentifier);
    } finally {
      await form.close();
    }
  });

  test('Save is disabled until something changes; typing a name enables it and saves only the name', async () => {
    const form = await loadedForm();
    const { page } = form;
    try {
      assert.equal(await saveDisabled(page), true);
      assert.equal(await prop(page, '#revert', 'disabled'), true);
      await page.locator('#field-name input').fill('Billing portal 2');
      assert.equal(await saveDisabled(page), false);
      await page.locator('#save').click();
      const [save] = await form.postedOf('save');
      assert.deepEqual(save, {
        type: 'save',
        credentialId: 7,
        baseUpdatedAt: credential.updatedAt,
        changes: { name: 'Billing portal 2' },
        resetSecret: false,
        overwrite: false,
      });
    } finally {
      await form.close();
    }
  });

  test('validates as you type with the server messages, next to the field', async () => {
    const form = await loadedForm();
    const { page } = form;
    try {
      await fillNew(page, '#field-name input', '');
      const nameError = fieldError(page, 'field-name');
      await nameError.waitFor();
      assert.equal(await nameError.locator('.error-text').textContent(), 'A name for the Client Credential is required.');
      assert.equal(await page.locator('#field-name').getAttribute('aria-invalid'), 'true');
      assert.match((await page.locator('#field-name').getAttribute('aria-describedby')) ?? '', /\bfield-name-error\b/);
      assert.equal(await page.locator('#field-name input').getAttribute('aria-invalid'), 'true', 'the native input is marked too');
      assert.equal(await saveDisabled(page), true);

      // Single sign-on needs no name but a service ID.
      await chooseGrantType(page, 'single_sign_on');
      await nameError.waitFor({ state: 'hidden' });
      const serviceError = fieldError(page, 'field-service-id');
      await serviceError.waitFor();
      assert.equal(await serviceError.locator('.error-text').textContent(), 'A service ID is required for the single sign-on grant type.');
      assert.equal(await page.locator('#field-service-id').getAttribute('aria-required'), 'true');
      assert.equal(await saveDisabled(page), true);

      await page.locator('#field-service-id input').fill('12');
      await serviceError.waitFor({ state: 'hidden' });
      assert.equal(await page.locator('#field-service-id').getAttribute('aria-invalid'), null);
      assert.equal(await saveDisabled(page), false);
    } finally {
      await form.close();
    }
  });

  test('redirect URIs: add, edit, remove, reorder; the save carries exactly the changed fields', async () => {
    const form = await loadedForm();
    const { page } = form;
    try {
      await page.locator('#field-name input').fill('Renamed');
      // Add with Enter in the add field (which adds rather than saves).
      await page.locator('#redirect-uri-add input').fill('https://d.example/cb');
      await page.locator('#redirect-uri-add input').press('Enter');
      assert.deepEqual(await uris(page), [...credential.redirectUris, 'https://d.example/cb']);
      assert.equal(await prop(page, '#redirect-uri-add', 'value'), '');
      assert.deepEqual(await form.postedOf('save'), [], 'Enter in the add field did not save');
      // Edit the second.
      await page.locator('#field-redirect-uris vscode-textfield').nth(1).locator('input').fill('https://b.example/callback');
      // Remove the first.
      await page.getByRole('button', { name: 'Remove redirect URI 1 of 4' }).click();
      assert.deepEqual(await uris(page), ['https://b.example/callback', 'https://c.example/cb', 'https://d.example/cb']);
      // Move the last up twice: the focus follows it.
      await page.getByRole('button', { name: 'Move redirect URI 3 of 3 up' }).click();
      await form.tab.keyboard.press('Enter');
      assert.deepEqual(await uris(page), ['https://d.example/cb', 'https://b.example/callback', 'https://c.example/cb']);
      // And the second down.
      await page.getByRole('button', { name: 'Move redirect URI 2 of 3 down' }).click();
      const wanted = ['https://d.example/cb', 'https://c.example/cb', 'https://b.example/callback'];
      assert.deepEqual(await uris(page), wanted);
      assert.equal(await prop(page, '#field-redirect-uris li:first-child vscode-button >> nth=0', 'disabled'), true, 'the first item cannot move up');

      await page.locator('#save').click();
      const saves = await form.postedOf('save');
      assert.equal(saves.length, 1);
      assert.deepEqual(saves[0]?.changes, { name: 'Renamed', redirectUris: wanted });
    } finally {
      await form.close();
    }
  });

  test('an invalid redirect URI is flagged and blocks saving', async () => {
    const form = await loadedForm();
    const { page } = form;
    try {
      await page.locator('#redirect-uri-add input').fill('not a uri');
      await page.getByRole('button', { name: 'Add redirect URI' }).click();
      const error = fieldError(page, 'field-redirect-uris');
      await error.waitFor();
      assert.match((await error.textContent()) ?? '', /The redirect URI "not a uri" must be an absolute URI/);
      assert.equal(await saveDisabled(page), true);
      await page.getByRole('button', { name: 'Remove redirect URI 4 of 4' }).click();
      await error.waitFor({ state: 'hidden' });
      assert.equal(await saveDisabled(page), true, 'back to the loaded values: nothing to save');
    } finally {
      await form.close();
    }
  });

  test('Reset client secret explains itself and needs the in-page confirmation', async () => {
    const form = await loadedForm();
    const { page } = form;
    try {
      const warning = page.locator('#reset-secret-warning');
      assert.equal(await warning.isVisible(), false);
      await page.locator('#reset-secret').click();
      await warning.waitFor();
      assert.match((await warning.textContent()) ?? '', /stops working at once.*the OS keychain \(Secret Service\)/s);
      assert.equal(await saveDisabled(page), false, 'a reset alone is something to save');

      await page.locator('#save').click();
      await page.locator('#confirm-reset').waitFor();
      assert.equal((await page.locator('#save').textContent())?.trim(), 'Confirm reset and save');
      assert.deepEqual(await form.postedOf('save'), [], 'the first press only asks');
      // Enter in a field never confirms a reset.
      await page.locator('#field-name input').press('Enter');
      assert.deepEqual(await form.postedOf('save'), []);
      // Back leaves the confirmation; Save asks again.
      await page.locator('#back').click();
      await page.locator('#confirm-reset').waitFor({ state: 'hidden' });
      await page.locator('#save').click();
      await page.locator('#save').click();
      const saves = await form.postedOf('save');
      assert.equal(saves.length, 1);
      assert.deepEqual({ resetSecret: saves[0]?.resetSecret, changes: saves[0]?.changes }, { resetSecret: true, changes: {} });
    } finally {
      await form.close();
    }
  });

  test('saving locks the form, shows the phase, and Cancel asks the host to stop', async () => {
    const form = await loadedForm();
    const { page } = form;
    try {
      await page.locator('#field-name input').fill('Locked');
      await page.locator('#save').click();
      await until(page, () => (document.querySelector('#field-name') as unknown as { disabled: boolean }).disabled);
      assert.equal(await page.locator('#cancel-save').isVisible(), true);
      await form.send({ type: 'saving', phase: 'sending' });
      await until(page, () => document.querySelector('#status')?.textContent === 'Saving: sending the changes…');
      await page.locator('#cancel-save').click();
      assert.deepEqual((await form.posted()).at(-1), { type: 'cancelSave' });
      await form.send({ type: 'saveCancelled' });
      await until(page, () => !(document.querySelector('#field-name') as unknown as { disabled: boolean }).disabled);
      assert.match((await page.locator('.banner').textContent()) ?? '', /Saving was cancelled/);
      assert.equal(await prop(page, '#field-name', 'value'), 'Locked', 'the draft is kept');
      assert.equal(await saveDisabled(page), false);
    } finally {
      await form.close();
    }
  });

  test('Test Sign-In… is offered for an authorization_code credential, keeps the edits, posts only its request, and waits while saving', async () => {
    const form = await loadedForm();
    const { page } = form;
    const button = page.getByRole('button', { name: 'Test Sign-In…' });
    try {
      await fillNew(page, '#field-name input', 'Edited, not saved');
      await button.click();
      await until(page, () => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'testSignIn'));
      assert.deepEqual(await form.posted(), [{ type: 'ready' }, { type: 'testSignIn', credentialId: 7 }]);
      assert.equal(await prop(page, '#field-name', 'value'), 'Edited, not saved', 'the edit is kept');
      assert.equal(await saveDisabled(page), false);

      await page.locator('#save').click();
      await until(page, () => (document.querySelector('#test-sign-in') as unknown as { disabled: boolean }).disabled);
      await button.click({ force: true });
      await form.send({ type: 'saveCancelled' });
      await until(page, () => !(document.querySelector('#test-sign-in') as unknown as { disabled: boolean }).disabled);
      assert.deepEqual(
        (await form.posted()).map((m) => m.type),
        ['ready', 'testSignIn', 'save'],
        'a press while saving sends nothing',
      );
    } finally {
      await form.close();
    }
  });

  test('Test Sign-In… is not offered for a single sign-on credential', async () => {
    const form = await loadedForm(load({ grantType: 'single_sign_on' }));
    const { page } = form;
    try {
      assert.equal(await page.locator('#test-sign-in').count(), 1, 'the button exists, hidden');
      assert.equal(await page.locator('#test-sign-in').isHidden(), true);
      assert.equal(await page.getByRole('button', { name: 'Test Sign-In…' }).count(), 0);
    } finally {
      await form.close();
    }
  });

  test('a server error about a field shows under that field in its words; one without a field in an alert banner', async () => {
    const form = await loadedForm();
    const { page } = form;
    try {
      await page.locator('#field-scopes vscode-checkbox[value="clientarea:invoices"]').click();
      await page.locator('#save').click();
      await form.send({ type: 'saveFailed', message: 'The requested scope "clientarea:invoices" is invalid.', hint: 'Correct the scopes and try again.', field: 'scope', notApplied: true });
      const error = fieldError(page, 'field-scopes');
      await error.waitFor();
      assert.equal(await error.locator('.error-text').textContent(), 'The requested scope "clientarea:invoices" is invalid.');
      assert.equal(await error.locator('.error-hint').textContent(), 'Correct the scopes and try again.');
      assert.equal(await page.locator('[role="alert"].banner').count(), 0);
      await until(page, () => document.activeElement?.closest('#field-scopes') !== null, '');
      assert.equal(await page.locator('#field-scopes').getAttribute('aria-invalid'), 'true', 'the focus went to the field, marked invalid');

      await page.locator('#save').click();
      await form.send({ type: 'saveFailed', message: 'Authentication Failed', hint: 'Check the API credential of this server.', notApplied: true });
      const banner = page.locator('.banner.error[role="alert"]');
      await banner.waitFor();
      assert.match((await banner.textContent()) ?? '', /Authentication Failed.*Check the API credential of this server\..*Nothing was changed/s);
      assert.equal(await error.isVisible(), false);
    } finally {
      await form.close();
    }
  });

  test('saved: the credential is replaced, the sent fields listed, dropped list items shown, Apply again safely sent', async () => {
    const form = await loadedForm();
    const { page } = form;
    try {
      await page.locator('#field-scopes vscode-checkbox[value="clientarea:invoices"]').click();
      await page.locator('#redirect-uri-add input').fill('https://d.example/cb');
      await page.locator('#redirect-uri-add input').press('Enter');
      await page.locator('#reset-secret').click();
      await page.locator('#save').click();
      await page.locator('#save').click();
      const [save] = await form.postedOf('save');
      assert.ok(save);
      const stored: FormCredential = {
        ...credential,
        scopes: ['clientarea:sso', 'openid'],
        redirectUris: credential.redirectUris,
        updatedAt: '3rd March 2025 10:00:00am',
      };
      await form.send({
        type: 'saved',
        credential: stored,
        sentFields: ['scopes', 'redirectUris'],
        secretReset: { storeDescription: 'the OS keychain (Secret Service)' },
        differences: [
          { field: 'scopes', missing: ['custom:reports', 'clientarea:invoices'], extra: [] },
          { field: 'redirectUris', missing: ['https://d.example/cb'], extra: [] },
        ],
      });
      const banner = page.locator('.banner.success');
      await banner.waitFor();
      const text = (await banner.textContent()) ?? '';
      assert.match(text, /Sent: Scopes and Redirect URIs\./);
      assert.match(text, /stored in the OS keychain \(Secret Service\)/);
      assert.deepEqual(await banner.locator('[data-difference="scopes"] li').allTextContents(), ['custom:reports', 'clientarea:invoices']);
      assert.deepEqual(await banner.locator('[data-difference="redirectUris"] li').allTextContents(), ['https://d.example/cb']);
      // The form now shows what the server holds, and there is nothing to save.
      assert.equal(await prop(page, '#field-scopes vscode-checkbox[value="custom:reports"]', 'checked'), false);
      assert.deepEqual(await uris(page), credential.redirectUris);
      assert.equal(await prop(page, '#reset-secret', 'checked'), false);
      assert.equal(await saveDisabled(page), true);

      await page.getByRole('button', { name: 'Copy secret' }).click();
      assert.deepEqual((await form.posted()).at(-1), { type: 'copySecret', credentialId: 7 });
      await form.send({ type: 'secretCopied' });
      await until(page, () => document.querySelector('.banner .copy-status')?.textContent === 'Copied.');

      await page.getByRole('button', { name: 'Apply again safely' }).click();
      assert.deepEqual((await form.posted()).at(-1), {
        type: 'applyAgainSafely',
        credentialId: 7,
        lists: { scopes: save.changes.scopes, redirectUris: save.changes.redirectUris },
      });
      assert.deepEqual(save.changes.scopes, [...credential.scopes, 'clientarea:invoices']);
    } finally {
      await form.close();
    }
  });

  test('stale: names the fields changed on the server; Overwrite repeats the save forced, Reload asks for a reload', async () => {
    const form = await loadedForm();
    const { page } = form;
    try {
      await page.locator('#field-logo-uri input').fill('https://portal.example/logo2.png');
      await page.locator('#save').click();
      const [save] = await form.postedOf('save');
      await form.send({ type: 'stale', changedFields: ['name', 'scopes'], current: { ...credential, name: 'Changed elsewhere' } });
      const banner = page.locator('.banner.warning[role="alert"]');
      await banner.waitFor();
      assert.match((await banner.textContent()) ?? '', /changed on the server.*\(Name and Scopes\)/s);
      await banner.getByRole('button', { name: 'Overwrite' }).click();
      assert.deepEqual((await form.posted()).at(-1), { ...save, overwrite: true });

      await form.send({ type: 'stale', changedFields: ['description'], current: credential });
      // The second stale banner, not the first one still on the page until the message arrives.
      await page.locator('.banner.warning', { hasText: '(Description)' }).getByRole('button', { name: 'Reload' }).click();
      assert.deepEqual((await form.posted()).at(-1), { type: 'reload' });
      // The host answers a reload with a fresh load: the server's version, the banner gone.
      await form.send(load({ name: 'Changed elsewhere', updatedAt: '5th March 2025 1:00:00pm' }));
      await until(page, () => document.querySelector('#credential-title')?.textContent === 'Changed elsewhere');
      assert.equal(await prop(page, '#field-name', 'value'), 'Changed elsewhere');
      assert.equal(await prop(page, '#field-logo-uri', 'value'), credential.logoUri, 'the draft was based on the old version: dropped');
      assert.equal(await page.locator('.banner').count(), 0);
      assert.equal(await saveDisabled(page), true);
    } finally {
      await form.close();
    }
  });

  test('keyboard only: Tab goes through the fields in order, Enter saves, Escape reverts', async () => {
    const form = await loadedForm();
    const { page } = form;
    const focused = (): Promise<string> =>
      page.evaluate(() => {
        const active = document.activeElement;
        const value = active?.getAttribute('value');
        return active ? active.id || `${active.localName}${value ? `[${value}]` : ''}` : '';
      });
    /** Presses the key until the focus is on `id`; returns the stops on the way. */
    const pressUntil = async (key: string, id: string): Promise<string[]> => {
      const stops: string[] = [];
      for (let i = 0; i < 80 && stops.at(-1) !== id; i++) {
        await form.tab.keyboard.press(key);
        stops.push(await focused());
      }
      assert.equal(stops.at(-1), id, `${key} reaches ${id}: ${stops.join(' → ')}`);
      return stops;
    };
    try {
      const stops = await pressUntil('Tab', 'field-name');
      await form.tab.keyboard.press('End');
      await form.tab.keyboard.type(' (typed)');
      assert.equal(await saveDisabled(page), false);
      stops.push(...(await pressUntil('Tab', 'save')), ...(await pressUntil('Tab', 'revert')));
      const order = [
        'field-name',
        'field-description',
        'field-grant-type',
        'field-service-id',
        'vscode-checkbox[clientarea:sso]',
        'vscode-checkbox[custom:reports]',
        'scope-add',
        'field-logo-uri',
        'redirect-uri-add',
        'reset-secret',
        'save',
        'revert',
      ];
      const positions = order.map((id) => stops.indexOf(id));
      assert.ok(positions.every((p) => p >= 0), `every field is reached: ${stops.join(' → ')}`);
      assert.deepEqual([...positions].sort((a, b) => a - b), positions, `in order: ${stops.join(' → ')}`);
      // Copy client ID, the row buttons (not Up on the first row nor Down on the last) and the two Add buttons.
      assert.equal(stops.filter((stop) => stop === 'vscode-button').length, 1 + (3 * 3 - 2) + 2, 'the enabled buttons are reachable');

      // Escape reverts what was typed, from anywhere in the form.
      await form.tab.keyboard.press('Escape');
      assert.equal(await prop(page, '#field-name', 'value'), 'Billing portal');
      assert.equal(await saveDisabled(page), true);
      await until(page, () => document.querySelector('#status')?.textContent === 'Reverted to the loaded values.');

      // Enter in a single-line field saves.
      await pressUntil('Shift+Tab', 'field-name');
      await form.tab.keyboard.press('End');
      await form.tab.keyboard.type(' (typed)');
      await form.tab.keyboard.press('Enter');
      const saves = await form.postedOf('save');
      assert.deepEqual(
        saves.map((s) => s.changes),
        [{ name: 'Billing portal (typed)' }],
      );
      assert.equal(await focused(), 'cancel-save', 'the focus moves to Cancel while saving');
      await form.send({ type: 'saved', credential: { ...credential, name: 'Billing portal (typed)', updatedAt: 'later' }, sentFields: ['name'], differences: [] });
      await until(page, () => document.querySelector('.banner.success') !== null);
      assert.equal(await focused(), 'field-name', 'and back to where it was afterwards');
    } finally {
      await form.close();
    }
  });

  test('the draft survives a reload of the page, unless the credential changed meanwhile', async () => {
    const form = await loadedForm();
    try {
      let { page } = form;
      await page.locator('#field-name input').fill('Draft name');
      await page.locator('#field-scopes vscode-checkbox[value="email"]').click();
      const stored = (await form.storedState()) as Record<string, unknown>;
      assert.deepEqual(Object.keys(stored).sort(), ['baseUpdatedAt', 'credentialId', 'draft', 'resetSecret', 'serverId', 'version']);
      assert.equal(stored['serverId'], 'server-1');

      await form.reload();
      ({ page } = form);
      await form.send(load());
      await until(page, () => (document.querySelector('#field-name') as unknown as { value: string } | null)?.value === 'Draft name');
      assert.equal(await prop(page, '#field-scopes vscode-checkbox[value="email"]', 'checked'), true);
      assert.equal(await saveDisabled(page), false);
      assert.match((await page.locator('#status').textContent()) ?? '', /restored/);

      await form.reload();
      ({ page } = form);
      await form.send(load({ updatedAt: 'later' }));
      await page.locator('#credential-title').waitFor();
      await until(page, () => (document.querySelector('#field-name') as unknown as { value: string } | null)?.value === 'Billing portal');
      assert.equal(await saveDisabled(page), true);
    } finally {
      await form.close();
    }
  });

  test('runs under the strict CSP without a violation (and the check would see one)', async () => {
    const form = await loadedForm();
    const { page } = form;
    try {
      // Exercise most of the UI: banners, warnings, lists, the select's dropdown.
      await page.locator('#reset-secret').click();
      await chooseGrantType(page, 'single_sign_on');
      await page.locator('#field-service-id input').fill('3');
      await page.locator('#field-description textarea').fill('Several\nlines');
      await page.locator('#save').click();
      await page.locator('#save').click();
      await form.send({ type: 'saveFailed', message: 'Oops', hint: 'Hint', notApplied: false });
      await page.locator('.banner.error').waitFor();
      assert.deepEqual(await form.cspViolations(), []);
      assert.deepEqual(form.console, []);

      // The detector works: markup with an inline style attribute is refused and reported.
      await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<div style="color: red">x</div>'));
      await until(page, () => (window as unknown as { __cspViolations: string[] }).__cspViolations.length > 0);
      assert.match((await form.cspViolations()).join('\n'), /style-src/);
    } finally {
      await form.close();
    }
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`screenshot in the ${theme} theme`, async () => {
      const form = await loadedForm(load(), theme);
      const { page } = form;
      try {
        await fillNew(page, '#field-name input', '');
        await page.locator('#reset-secret').click();
        await page.locator('#redirect-uri-add input').fill('https://d.example/cb');
        await page.locator('#redirect-uri-add input').press('Enter');
        await form.send({
          type: 'saved',
          credential,
          sentFields: ['redirectUris'],
          differences: [{ field: 'redirectUris', missing: ['https://d.example/cb'], extra: [] }],
        });
        // The host's message arrives later: only once it is applied does the name field hold
        // the saved name again, so that emptying it is a change (and shows the error).
        await page.locator('.banner.success').waitFor();
        await until(page, (name) => (document.querySelector('#field-name') as unknown as { value: string }).value === name, credential.name);
        await fillNew(page, '#field-name input', '');
        await page.locator('#reset-secret').click();
        await fieldError(page, 'field-name').waitFor();
        // The whole page in one picture: a viewport as tall as the page (the action bar is sticky).
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        await form.tab.setViewportSize({ width: 900, height });
        mkdirSync(artifacts, { recursive: true });
        const path = join(artifacts, `form-${theme}.png`);
        await form.tab.screenshot({ path });
        const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
        assert.equal(background, theme === 'light' ? 'rgb(255, 255, 255)' : 'rgb(31, 31, 31)');
        assert.ok(existsSync(path));
      } finally {
        await form.close();
      }
    });
  }
});
