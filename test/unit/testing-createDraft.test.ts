import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createInputFromDraft } from '../../src/testing/createDraft';

test('a draft becomes the create input, with only the fields it names', () => {
  assert.deepEqual(createInputFromDraft({ grantType: 'authorization_code', name: 'App', scopes: ['openid', 5], redirectUris: ['https://a/cb'], extra: 'x' }), {
    grantType: 'authorization_code',
    name: 'App',
    description: '',
    scopes: ['openid'],
    serviceId: 0,
    redirectUris: ['https://a/cb'],
    logoUri: '',
  });
});

test('a draft the server would refuse is refused first, with the server\'s words', () => {
  assert.throws(() => createInputFromDraft(undefined), /grantType of authorization_code or single_sign_on/);
  assert.throws(() => createInputFromDraft({ grantType: 'password', scopes: ['openid'] }), /grantType/);
  assert.throws(() => createInputFromDraft({ grantType: 'authorization_code', scopes: ['openid'] }), /A name for the Client Credential is required\./);
  assert.throws(() => createInputFromDraft({ grantType: 'authorization_code', name: 'App', scopes: [] }), /At least one valid scope is required\./);
  assert.throws(() => createInputFromDraft({ grantType: 'single_sign_on', scopes: ['clientarea:sso'] }), /service ID is required/);
});
