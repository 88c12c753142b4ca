// The OAuth credential as this project models it: decoded (no HTML escaping), normalised (numbers
// are numbers, lists are arrays) and without its client secret, which is only ever read on
// purpose (readClientSecret) and never kept.

export const GRANT_TYPES = ['authorization_code', 'single_sign_on'] as const;
export type GrantType = (typeof GRANT_TYPES)[number];

export function isGrantType(value: string): value is GrantType {
  return (GRANT_TYPES as readonly string[]).includes(value);
}

/** The scopes of a standard WHMCS installation; servers may have others (they are table rows). */
export const STANDARD_SCOPES: readonly string[] = [
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
  'sso:custom_redirect',
];

export interface OAuthCredential {
  readonly credentialId: number;
  readonly name: string;
  readonly description: string;
  /** The first of grantTypes: WHMCS stores one in practice. */
  readonly grantType: string;
  readonly grantTypes: readonly string[];
  readonly scopes: readonly string[];
  readonly clientIdentifier: string;
  /** 0 when none. */
  readonly serviceId: number;
  readonly logoUri: string;
  readonly redirectUris: readonly string[];
  readonly rsaKeyPairId: number;
  /** As the server formats it, e.g. "18th November 2016 9:32:24am" (server time zone). */
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The fields a person edits; everything else is the server's. */
export interface CredentialFields {
  name: string;
  description: string;
  grantType: string;
  scopes: readonly string[];
  serviceId: number;
  logoUri: string;
  redirectUris: readonly string[];
}

export const EDITABLE_FIELDS = [
  'name',
  'description',
  'grantType',
  'scopes',
  'serviceId',
  'logoUri',
  'redirectUris',
] as const satisfies ReadonlyArray<keyof CredentialFields>;

export type EditableField = (typeof EDITABLE_FIELDS)[number];

export function editableFieldsOf(credential: OAuthCredential): CredentialFields {
  return {
    name: credential.name,
    description: credential.description,
    grantType: credential.grantType,
    scopes: credential.scopes,
    serviceId: credential.serviceId,
    logoUri: credential.logoUri,
    redirectUris: credential.redirectUris,
  };
}

/** ListOAuthCredentials filters. sortField is a database column, not a response key. */
export interface ListFilter {
  /** Substring match on the grant types. */
  grantType?: string | undefined;
  sortField?: SortColumn | undefined;
  sortOrder?: 'ASC' | 'DESC' | undefined;
  limit?: number | undefined;
}

export const SORT_COLUMNS = [
  'id',
  'identifier',
  'grant_types',
  'service_id',
  'name',
  'description',
  'logo_uri',
  'created_at',
  'updated_at',
] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];
