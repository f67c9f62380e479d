import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LocalSecrets {
  jwtSecret: string;
  /** 32-byte key (base64) standing in for the KMS key in the local stage's envelope encryption. */
  masterKey: string;
}

/** Generated once per data folder and kept there (git-ignored), so tokens and ciphertexts survive restarts. */
export function loadLocalSecrets(dataDir: string | undefined): LocalSecrets {
  const fresh = (): LocalSecrets => ({
    jwtSecret: randomBytes(32).toString('base64url'),
    masterKey: randomBytes(32).toString('base64'),
  });
  if (!dataDir) return fresh();
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  mkdirSync(dataDir, { recursive: true });
  const secrets = fresh();
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
