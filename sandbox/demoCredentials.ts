// The fixed, well-known credentials of the sandbox when started for people (npm run sandbox,
// npm start), so the README can show them. Tests use random ones.
export const SANDBOX_API_CREDENTIAL = { identifier: 'SandboxApiIdentifier000000000000', secret: 'SandboxApiSecret0000000000000000' };
export const SANDBOX_ADMIN = { username: 'admin', password: 'sandbox' };
export const SANDBOX_CLIENT_USER = { email: 'client@sandbox.test', password: 'sandbox', firstName: 'Sandbox', lastName: 'Client' };
export const DEFAULT_PORT = 8787;
