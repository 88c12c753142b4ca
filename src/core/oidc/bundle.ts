// The lazily loaded Test Sign-In (dist/oidc.js): openid-client and jose stay out of
// dist/extension.js and dist/core.js, and load only when a person runs a sign-in test.
export { runSignInTest, BASE_SCOPES, type SignInTestInput } from './runSignInTest';
export { loopbackRedirectUri, loopbackPortOf, freeLoopbackPort, LOOPBACK_CALLBACK_PATH } from './loopbackReceiver';
export { addRedirectUri, removeRedirectUri, RedirectRegistrationError, type RegistrationResult } from './redirectRegistration';
export * from './signInReport';
