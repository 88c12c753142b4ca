// The secrets core: where secrets go and under which names. No VS Code API here (the SecretStorage
// fallback lives with the extension); the native keychain loads on first use.
export { SecretStoreError, type SecretStore, type SecretStoreFailure } from './secretStore';
export {
  KEYCHAIN_SERVICE,
  accessKeyAccount,
  adminPasswordAccount,
  apiSecretAccount,
  clientSecretAccount,
  parseAccount,
  serverAccountPrefix,
  serverKey,
  type KeychainEntry,
} from './keychainLayout';
export { KeychainSecretStore, type KeychainSecretStoreOptions } from './keychainStore';
export { classifyKeychainFailure, keychainDescription } from './keychainErrors';
export { MemorySecretStore } from './memoryStore';
