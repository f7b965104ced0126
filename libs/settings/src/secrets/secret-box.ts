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

function keyOf(hexKey: string): Buffer {
  if (!/^[0-9a-fA-F]{64}$/.test(hexKey))
    throw new Error('the settings encryption key must be 64 hex characters');
  return Buffer.from(hexKey, 'hex');
}

/**
 * Encrypts account secrets (RetailCRM API key, Mindbox secret key) at rest with AES-256-GCM.
 * Stored form: `v1:<iv>:<tag>:<ciphertext>` in base64url, a fresh 96-bit IV each time.
 *
 * Rotation: writes always use the current key; reads also accept the previous key
 * (`SETTINGS_ENCRYPTION_KEY_PREVIOUS`) until `npm run rotate-key` has re-encrypted every secret.
 */
export class SecretBox {
  private readonly key: Buffer;
  private readonly previousKeys: Buffer[];

  /**
   * @param hexKey 64 hex characters (32 bytes), `SETTINGS_ENCRYPTION_KEY`
   * @param previousHexKeys keys secrets may still be written with, `SETTINGS_ENCRYPTION_KEY_PREVIOUS`
   */
  constructor(hexKey: string, previousHexKeys: string[] = []) {
    this.key = keyOf(hexKey);
    this.previousKeys = previousHexKeys.map(keyOf);
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
    return this.open(stored).plain;
  }

  /**
   * The stored value written again with the current key, or null when it already is (a secret
   * the current key opens is left alone, so a rotation run can be repeated).
   */
  reencrypt(stored: string): string | null {
    const { plain, current } = this.open(stored);
    return current ? null : this.encrypt(plain);
  }

  private open(stored: string): { plain: string; current: boolean } {
    const [version, iv, tag, data] = stored.split(':');
    if (version !== VERSION || !iv || !tag || data === undefined) throw new SecretDecryptionError();
    for (const [index, key] of [this.key, ...this.previousKeys].entries()) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        const plain = Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]);
        return { plain: plain.toString('utf8'), current: index === 0 };
      } catch {
        // Not this key: the authentication tag did not match; try the next one.
      }
    }
    throw new SecretDecryptionError();
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
