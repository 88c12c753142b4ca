// The tree's lookup of a credential by ID answers exactly as a Map built from the list would:
// in ID order or not, with repeated IDs (the last wins), missing IDs and an empty list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CredentialIndex } from '../../src/app/credentialIndex';
import type { OAuthCredential } from '../../src/core/whmcs/types';

const credential = (credentialId: number, tag = ''): OAuthCredential => ({ credentialId, name: `${credentialId}${tag}` }) as OAuthCredential;

function assertLikeMap(list: OAuthCredential[], probes: number[]): void {
  const map = new Map(list.map((c) => [c.credentialId, c]));
  const index = new CredentialIndex(list);
  for (const id of [...map.keys(), ...probes]) assert.equal(index.get(id), map.get(id), `credential ${id} of ${JSON.stringify(list.map((c) => c.credentialId))}`);
}

test('finds every credential of a list in ID order, and nothing for an ID not in it', () => {
  const list = [1, 2, 5, 9, 10].map((id) => credential(id));
  assertLikeMap(list, [0, 3, 11, -1]);
  assert.equal(new CredentialIndex(list).get(5), list[2]);
  assert.equal(new CredentialIndex(list).get(6), undefined);
  assert.equal(new CredentialIndex([]).get(1), undefined);
});

test('a list in another order (a sortField other than the ID) is still found', () => {
  const list = [9, 2, 10, 1, 5].map((id) => credential(id));
  assertLikeMap(list, [0, 3, 11]);
  assert.equal(new CredentialIndex(list).get(9), list[0]);
  assert.equal(new CredentialIndex(list).get(1), list[3]);
});

test('a repeated ID finds the last credential with it, in order or not', () => {
  const ordered = [credential(1), credential(2, 'a'), credential(2, 'b'), credential(3)];
  assert.equal(new CredentialIndex(ordered).get(2)?.name, '2b');
  const shuffled = [credential(3), credential(2, 'a'), credential(1), credential(2, 'b')];
  assert.equal(new CredentialIndex(shuffled).get(2)?.name, '2b');
});

test('any list: the same answers as a Map', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: -3, max: 40 }), { maxLength: 30 }), fc.array(fc.integer({ min: -5, max: 45 })), (ids, probes) => {
      assertLikeMap(
        ids.map((id, position) => credential(id, `#${position}`)),
        probes,
      );
    }),
  );
});
