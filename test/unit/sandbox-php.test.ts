// The sandbox's PHP emulation: request parsing, htmlspecialchars, casts, json_encode, date().
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { htmlEscape } from '../../sandbox/htmlEscape';
import { mergeSubmittedList } from '../../sandbox/actions/mergeLists';
import { boundaryOf, parseMultipart } from '../../sandbox/multipart';
import { Params } from '../../sandbox/params';
import { phpInt, phpTruthy } from '../../sandbox/phpCast';
import { formatPhpDate } from '../../sandbox/phpDate';
import { phpJsonEncode } from '../../sandbox/phpJson';
import { PhpArray, mergePhpArrays, parsePhpQuery, phpUrlDecode } from '../../sandbox/phpRequest';

const plain = (query: string) => parsePhpQuery(query).toPlain();

describe('parsePhpQuery (PHP request variables)', () => {
  test('indexed, appended and nested brackets', () => {
    assert.deepEqual(plain('a[0]=x&a[1]=y'), { a: { 0: 'x', 1: 'y' } });
    assert.deepEqual(plain('a[]=x&a[]=y'), { a: { 0: 'x', 1: 'y' } });
    assert.deepEqual(plain('a[b][c]=1&a[b][d]=2'), { a: { b: { c: '1', d: '2' } } });
    assert.deepEqual(plain('a[][x]=1&a[][x]=2'), { a: { 0: { x: '1' }, 1: { x: '2' } } });
  });

  test('[] appends after the highest integer key', () => {
    const parsed = parsePhpQuery('a[5]=x&a[]=y&a[k]=z&a[]=w').get('a');
    assert.ok(parsed instanceof PhpArray);
    assert.deepEqual([...parsed.entries()], [['5', 'x'], ['6', 'y'], ['k', 'z'], ['7', 'w']]);
  });

  test('a repeated plain key keeps the last value, in its first position', () => {
    assert.deepEqual(plain('k=a&k=b'), { k: 'b' });
    assert.deepEqual([...parsePhpQuery('k=a&m=1&k=b').entries()], [['k', 'b'], ['m', '1']]);
  });

  test('a scalar and an array under one name: the later wins', () => {
    assert.deepEqual(plain('a=x&a[0]=y'), { a: { 0: 'y' } });
    assert.deepEqual(plain('a[0]=y&a=x'), { a: 'x' });
  });

  test('+ is a space, %XX is a byte sequence read as UTF-8, bad escapes stay', () => {
    assert.deepEqual(plain('n=a+b%20c&u=Zo%C3%AB&p=100%&q=%zz'), { n: 'a b c', u: 'Zoë', p: '100%', q: '%zz' });
    assert.deepEqual(plain('q=a%2Bb%3D'), { q: 'a+b=' });
    assert.equal(phpUrlDecode('%41%2b+'), 'A+ ');
  });

  test('names are decoded before brackets are read', () => {
    assert.deepEqual(plain('a%5B0%5D=x'), { a: { 0: 'x' } });
  });

  test('PHP name mangling: spaces and dots, leading spaces, unclosed and trailing brackets', () => {
    assert.deepEqual(plain('a.b=1&c d=2&  e=3'), { a_b: '1', c_d: '2', e: '3' });
    assert.deepEqual(plain('a[b=1'), { a_b: '1' });
    assert.deepEqual(plain('a[x][y=1'), { a: { x: '1' } });
    assert.deepEqual(plain('a[b]c=1'), { a: { b: '1' } });
    assert.deepEqual(plain('a.b[c.d]=1'), { a_b: { 'c.d': '1' } });
  });

  test('keys without = get "", empty names and empty pairs are dropped', () => {
    assert.deepEqual(plain('flag&=x&[a]=y&&b=1'), { flag: '', b: '1' });
  });

  test('a Buffer is read as raw bytes', () => {
    assert.deepEqual(parsePhpQuery(Buffer.from('n=Zo%C3%AB&m=é', 'utf8')).toPlain(), { n: 'Zoë', m: 'é' });
  });

  test('max_input_vars: variables after the limit are dropped', () => {
    const parsed = parsePhpQuery('a=1&b=2&c=3', new PhpArray(), 2);
    assert.deepEqual(parsed.toPlain(), { a: '1', b: '2' });
    const many = Array.from({ length: 1005 }, (_, i) => `u[]=${i}`).join('&');
    const list = parsePhpQuery(many).get('u');
    assert.ok(list instanceof PhpArray);
    assert.equal(list.size, 1000);
  });

  test('$_REQUEST merge: body wins, arrays merge recursively', () => {
    const merged = mergePhpArrays(parsePhpQuery('a=1&b=1&r[0]=x&r[1]=y'), parsePhpQuery('b=2&r[1]=z&c=3'));
    assert.deepEqual(merged.toPlain(), { a: '1', b: '2', r: { 0: 'x', 1: 'z' }, c: '3' });
  });
});

describe('parseMultipart (FormData bodies)', () => {
  test('fields register like urlencoded pairs, taken literally; files are skipped', () => {
    const boundary = '----b0undary';
    const body = Buffer.from(
      [
        `--${boundary}`,
        'Content-Disposition: form-data; name="redirectUri"',
        '',
        'https://a,https://b',
        `--${boundary}`,
        'Content-Disposition: form-data; name="list[]"',
        '',
        'a+b%20',
        `--${boundary}`,
        'Content-Disposition: form-data; name="upload"; filename="x.txt"',
        'Content-Type: text/plain',
        '',
        'file',
        `--${boundary}--`,
        '',
      ].join('\r\n'),
    );
    assert.equal(boundaryOf(`multipart/form-data; boundary=${boundary}`), boundary);
    assert.deepEqual(parseMultipart(body, boundary).toPlain(), { redirectUri: 'https://a,https://b', list: { 0: 'a+b%20' } });
  });
});

describe('htmlEscape (htmlspecialchars ENT_QUOTES)', () => {
  test('escapes the five characters, double-encoding entities', () => {
    assert.equal(htmlEscape(`Tom & Jerry's "<b>"`), 'Tom &amp; Jerry&#039;s &quot;&lt;b&gt;&quot;');
    assert.equal(htmlEscape('&amp;'), '&amp;amp;');
    assert.equal(htmlEscape('plain / text é'), 'plain / text é');
  });
});

describe('PHP casts', () => {
  test('(int) of strings', () => {
    assert.equal(phpInt('12abc'), 12);
    assert.equal(phpInt('abc'), 0);
    assert.equal(phpInt('  42'), 42);
    assert.equal(phpInt('-7'), -7);
    assert.equal(phpInt('1.9'), 1);
    assert.equal(phpInt('1e3'), 1000);
    assert.equal(phpInt('0x1A'), 0);
    assert.equal(phpInt(''), 0);
  });

  test('truthiness: only "" and "0" are false', () => {
    assert.equal(phpTruthy('false'), true);
    assert.equal(phpTruthy('0'), false);
    assert.equal(phpTruthy(''), false);
    assert.equal(phpTruthy(undefined), false);
    assert.equal(phpTruthy('0.0'), true);
  });

  test('Params: arrays read as "Array", lists from arrays or spaces', () => {
    const params = new Params(parsePhpQuery('n[]=x&s=a++b&l[0]=p&l[1]=&l[2]=q&i=9z&e[]='));
    assert.equal(params.string('n'), 'Array');
    assert.deepEqual(params.list('s'), ['a', 'b']);
    assert.deepEqual(params.list('l'), ['p', 'q']);
    assert.equal(params.list('missing'), undefined);
    assert.equal(params.int('i'), 9);
    assert.equal(params.int('n'), 1);
    assert.equal(params.truthy('e'), true);
  });
});

describe('phpJsonEncode', () => {
  const value = { s: `a&b<c>"d'e/f é \n`, n: 5, z: null, l: [1, 'x'] };

  test('WHMCS 8: JSON_HEX_* and unescaped slashes', () => {
    assert.equal(
      phpJsonEncode(value, { hexEscapes: true, escapeSlashes: false, numbersAsStrings: false }),
      '{"s":"a\\u0026b\\u003Cc\\u003E\\u0022d\\u0027e/f \\u00e9 \\n","n":5,"z":null,"l":[1,"x"]}',
    );
  });

  test('WHMCS 7: default escaping and numbers as strings', () => {
    const encoded = phpJsonEncode(value, { hexEscapes: false, escapeSlashes: true, numbersAsStrings: true });
    assert.equal(encoded, '{"s":"a&b<c>\\"d\'e\\/f \\u00e9 \\n","n":"5","z":null,"l":["1","x"]}');
    assert.deepEqual(JSON.parse(encoded), { s: value.s, n: '5', z: null, l: ['1', 'x'] });
  });

  test('astral characters become surrogate pairs', () => {
    assert.equal(phpJsonEncode('😀', { hexEscapes: true, escapeSlashes: false, numbersAsStrings: false }), '"\\ud83d\\ude00"');
  });
});

describe('formatPhpDate (jS F Y g:i:sa, UTC)', () => {
  test('ordinal suffixes and 12-hour clock', () => {
    assert.equal(formatPhpDate(new Date('2016-11-18T09:32:24Z')), '18th November 2016 9:32:24am');
    assert.equal(formatPhpDate(new Date('2020-07-01T12:00:00Z')), '1st July 2020 12:00:00pm');
    assert.equal(formatPhpDate(new Date('2021-01-22T00:04:05Z')), '22nd January 2021 12:04:05am');
    assert.equal(formatPhpDate(new Date('2021-03-23T23:59:59Z')), '23rd March 2021 11:59:59pm');
    assert.equal(formatPhpDate(new Date('2021-03-11T13:00:00Z')), '11th March 2021 1:00:00pm');
  });
});

describe('mergeSubmittedList (the merge defect model)', () => {
  test('without the defect the submitted list is stored', () => {
    assert.deepEqual(mergeSubmittedList(['a', 'b'], ['b', 'c'], false), ['b', 'c']);
  });
  test('with it, a mixed removal + addition drops the additions', () => {
    assert.deepEqual(mergeSubmittedList(['a', 'b'], ['b', 'c'], true), ['b']);
    assert.deepEqual(mergeSubmittedList(['a', 'b'], ['a', 'b', 'c'], true), ['a', 'b', 'c']);
    assert.deepEqual(mergeSubmittedList(['a', 'b', 'c'], ['b', 'c'], true), ['b', 'c']);
  });
});
