// Hostile values a WHMCS server may hold (written by another tool, an attacker with admin access,
// or a careless import), for the extension-host and the UI tests. No vscode import.
export interface HostileCase {
  name: string;
  description: string;
  scopes: string[];
  redirectUris: string[];
}

const LONG = 'Ü'.repeat(3_000);
/** Each is one credential on the server, and then typed into its form and saved. */
export const HOSTILE: Record<string, HostileCase> = {
  'HTML and script': {
    name: '<script>alert(1)</script><img src=x onerror=alert(1)>',
    description: '<b>bold</b><iframe src="javascript:alert(1)"></iframe><style>*{display:none}</style>',
    scopes: ['openid', 'email'],
    redirectUris: ['https://app.example/cb?a=1&b=<x>&c="y"', "https://app.example/cb2?q='z'"],
  },
  'Markdown command links': {
    name: '[Quit](command:workbench.action.quit) **bold** `code` | pipe | # heading',
    description: '![x](https://evil.example/x.png) <a href="command:workbench.action.quit">quit</a>',
    scopes: ['profile'],
    redirectUris: ['https://app.example/cb#[a](command:x)'],
  },
  'control characters': {
    name: 'tab\there nul\u0000 bel\u0007 esc\u001b[31m red del\u007f c1\u0085 ls\u2028 end',
    description: 'line one\nline two\r\nline three\u0000\u0001\u001f',
    scopes: ['openid'],
    redirectUris: ['https://app.example/cb?x=%00%0A'],
  },
  'unicode and bidi': {
    name: '👩‍💻 Ünïcödé 日本語 עברית \u202egnp.exe\u202c zero\u200bwidth e\u0301 \ud83c\udff3\ufe0f\u200d\ud83c\udf08',
    description: 'Ελληνικά • العربية • 🙂 • \ufeffBOM inside',
    scopes: ['openid', 'clientarea:profile'],
    redirectUris: ['https://例え.jp/コールバック?名前=値', 'https://xn--r8jz45g.jp/cb'],
  },
  'entities already encoded': {
    name: '&amp; &lt;b&gt; &#039; &quot; &#x3C; & < > " \'',
    description: '&lt;script&gt;alert(1)&lt;/script&gt; &nbsp; &copy;',
    scopes: ['email'],
    redirectUris: ['https://app.example/cb?a=&amp;b=&lt;'],
  },
  'very long values': {
    name: LONG.slice(0, 250),
    description: `${LONG}\n${'x'.repeat(20_000)}`,
    scopes: ['openid', 'email', 'profile', 'clientarea:profile', 'clientarea:billing_info'],
    redirectUris: Array.from({ length: 40 }, (_, i) => `https://app${i}.example/${'p'.repeat(1_500)}?i=${i}`),
  },
};
