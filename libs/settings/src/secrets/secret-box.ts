import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const MASK = '••••';

/** A stored secret could not be decrypted: wrong key or damaged value. Retrying cannot help. */
export class SecretDecryptionError extends Error {
  readonly retryable = false;
  constructor() {
    super('a stored secret could not be decrypted (is SETTINGS_ENCRYPTION_KEY the one it was written with?)');
    this.name = 'SecretDecryptionError';
  }
}

/**
 * Encrypts account secrets (RetailCRM API key, Mindbox secret key) at rest with AES-256-GCM.
 * Stored form: `v1:<iv>:<tag>:<ciphertext>` in base64url, a fresh 96-bit IV each time.
 */
export class SecretBox {
  private readonly key: Buffer;

  /** @param hexKey 64 hex characters (32 bytes), `SETTINGS_ENCRYPTION_KEY` */
  constructor(hexKey: string) {
    if (!/^[0-9a-fA-F]{64}$/.test(hexKey))
      throw new Error('the settings encryption key must be 64 hex characters');
    this.key = Buffer.from(hexKey, 'hex');
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), data]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join(':');
  }

  decrypt(stored: string): string {
    const [version, iv, tag, data] = stored.split(':');
    if (version !== VERSION || !iv || !tag || data === undefined) throw new SecretDecryptionError();
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw new SecretDecryptionError();
    }
  }
}

/** How a secret is shown: `••••` and its last four characters (all masked when it is short). */
export function maskSecret(plain: string | null | undefined): string | null {
  if (!plain) return null;
  return plain.length > 8 ? `${MASK}${plain.slice(-4)}` : MASK;
}

/** Whether a submitted value is the mask sent back unchanged, meaning "keep the stored secret". */
export function isMasked(value: string | null | undefined): boolean {
  return typeof value === 'string' && value.startsWith(MASK);
}
