// The data a fresh sandbox starts with: the standard scope table, a few services, and either a
// small realistic set of OAuth credentials or N generated ones for benchmarks.
import { htmlEscape } from './htmlEscape';
import type { SandboxState } from './state';

export const STANDARD_SCOPES = [
  'clientarea:sso',
  'clientarea:profile',
  'clientarea:billing_info',
  'clientarea:emails',
  'clientarea:announcements',
  'clientarea:downloads',
  'clientarea:knowledgebase',
  'clientarea:network_status',
  'clientarea:services',
  'clientarea:product_details',
  'clientarea:domains',
  'clientarea:domain_details',
  'clientarea:invoices',
  'clientarea:tickets',
  'clientarea:submit_ticket',
  'clientarea:shopping_cart',
  'clientarea:upgrade',
  'clientarea:shopping_cart_domain_register',
  'clientarea:shopping_cart_domain_transfer',
  'openid',
  'email',
  'profile',
] as const;
/** Only WHMCS 8 has this one. */
export const MODERN_ONLY_SCOPE = 'sso:custom_redirect';

/** [serviceId, clientId]: service 99 is orphaned (its client was deleted). */
export const SEEDED_SERVICES: ReadonlyArray<readonly [number, number | null]> = [
  [1, 1], [2, 1], [3, 2], [7, 2], [12, 3], [15, 4], [27, 5], [42, 6], [99, null],
];

function utc(text: string): Date {
  return new Date(`${text}Z`);
}

/** Six credentials covering both grant types, escaped text, several redirect URIs, a nameless SSO one. */
function seedRealistic(state: SandboxState): void {
  state.addCredential({
    name: 'Client Area Portal',
    description: 'Customer portal sign-in',
    grantTypes: 'authorization_code',
    scope: 'clientarea:profile clientarea:billing_info openid email profile',
    logoUri: 'https://portal.example.com/assets/logo.png',
    redirectUri: [
      'https://portal.example.com/oauth/callback',
      'https://portal.example.com/oauth/silent-renew',
      'http://localhost:3000/callback',
    ],
    createdAt: utc('2019-03-18T09:32:24'),
    updatedAt: utc('2023-11-02T16:05:41'),
  });
  state.addCredential({
    name: htmlEscape(`Tom & Jerry's "Billing" <Portal>`),
    description: htmlEscape('Invoices & payments for "T&J" Ltd.'),
    grantTypes: 'authorization_code',
    scope: 'clientarea:invoices clientarea:billing_info',
    redirectUri: [htmlEscape('https://billing.tomandjerry.example/callback?src=whmcs&v=2')],
    createdAt: utc('2020-07-01T12:00:00'),
    updatedAt: utc('2020-07-01T12:00:00'),
  });
  state.addCredential({
    name: '',
    grantTypes: 'single_sign_on',
    scope: 'clientarea:sso',
    serviceId: 12,
    createdAt: utc('2021-01-22T03:14:15'),
    updatedAt: utc('2021-01-22T03:14:15'),
  });
  state.addCredential({
    name: 'Helpdesk SSO',
    description: 'Single sign-on from the support desk',
    grantTypes: 'single_sign_on',
    scope: 'clientarea:sso clientarea:tickets clientarea:submit_ticket',
    serviceId: 15,
    createdAt: utc('2021-09-09T21:45:00'),
    updatedAt: utc('2022-02-13T08:01:59'),
  });
  state.addCredential({
    name: 'Mobile App',
    description: 'iOS and Android app',
    grantTypes: 'authorization_code',
    scope: 'openid profile email clientarea:services clientarea:invoices',
    logoUri: 'https://cdn.example.com/mobile/icon-256.png',
    redirectUri: ['com.example.mobile:/oauth2redirect'],
    createdAt: utc('2022-05-31T23:59:59'),
    updatedAt: utc('2024-01-03T10:10:10'),
  });
  state.addCredential({
    name: 'Legacy Reporting',
    description: htmlEscape('Nightly export — owned by Zoë (finance)'),
    grantTypes: 'authorization_code',
    scope: 'clientarea:profile clientarea:services clientarea:domains',
    redirectUri: ['https://reports.example.net/whmcs/callback'],
    createdAt: utc('2016-11-18T09:32:24'),
    updatedAt: utc('2018-04-21T13:07:02'),
  });
}

/** `count` credentials for benchmarks: mostly authorization_code, every fifth SSO. */
function seedGenerated(state: SandboxState, count: number): void {
  const scopes = STANDARD_SCOPES.filter((scope) => scope !== 'clientarea:sso');
  const ssoServices = SEEDED_SERVICES.filter(([, clientId]) => clientId !== null).map(([id]) => id);
  const start = Date.UTC(2018, 0, 1);
  for (let i = 1; i <= count; i++) {
    const sso = i % 5 === 0;
    const created = new Date(start + i * 3_600_000);
    state.addCredential({
      name: sso && i % 10 === 0 ? '' : `Generated Client ${i}`,
      description: i % 3 === 0 ? `Benchmark credential number ${i}` : '',
      grantTypes: sso ? 'single_sign_on' : 'authorization_code',
      scope: sso
        ? 'clientarea:sso'
        : [scopes[i % scopes.length], scopes[(i * 7) % scopes.length]]
            .filter((scope, index, all) => scope !== undefined && all.indexOf(scope) === index)
            .join(' '),
      serviceId: sso ? (ssoServices[i % ssoServices.length] ?? 1) : 0,
      redirectUri: sso ? [] : [`https://app${i}.example.com/callback`, ...(i % 2 === 0 ? [`http://localhost:${3000 + (i % 1000)}/cb`] : [])],
      createdAt: created,
      updatedAt: new Date(created.getTime() + (i % 7) * 86_400_000),
    });
  }
}

/** Fills the lookup tables and the credential table. `seed`: true realistic, N generated, false none. */
export function seedDatabase(state: SandboxState, seed: boolean | number): void {
  for (const scope of STANDARD_SCOPES) state.addScope(scope);
  if (state.flavor === '8.7') state.addScope(MODERN_ONLY_SCOPE);
  for (const [id, clientId] of SEEDED_SERVICES) state.addService(id, { clientId });
  if (seed === true) seedRealistic(state);
  else if (typeof seed === 'number' && seed > 0) seedGenerated(state, Math.floor(seed));
}
