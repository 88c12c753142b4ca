import { test } from 'node:test';
import assert from 'node:assert/strict';
import { httpBuildQuery, phpUrlencode } from '../../src/core/whmcs/phpForm';

test('arrays use PHP brackets with indexes, never repeated keys or commas', () => {
  assert.equal(
    httpBuildQuery({ redirectUri: ['https://a', 'https://b'] }),
    'redirectUri%5B0%5D=https%3A%2F%2Fa&redirectUri%5B1%5D=https%3A%2F%2Fb',
  );
});

test('booleans are 1/0 and absent values are omitted', () => {
  assert.equal(httpBuildQuery({ a: true, b: false, c: undefined, d: null, e: 0 }), 'a=1&b=0&e=0');
});

test('nested records and arrays follow http_build_query', () => {
  assert.equal(httpBuildQuery({ a: { b: ['x', { c: 'y' }] } }), 'a%5Bb%5D%5B0%5D=x&a%5Bb%5D%5B1%5D%5Bc%5D=y');
});

test('urlencode like PHP: spaces as +, only alphanumerics and -_. unescaped', () => {
  assert.equal(phpUrlencode("a b~!*'()&=+/é"), 'a+b%7E%21%2A%27%28%29%26%3D%2B%2F%C3%A9');
  assert.equal(phpUrlencode('A-z_0.9'), 'A-z_0.9');
});

test('empty array sends nothing, empty string is sent', () => {
  assert.equal(httpBuildQuery({ list: [], text: '' }), 'text=');
});
