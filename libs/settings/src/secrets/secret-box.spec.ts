import { isMasked, maskSecret, SecretBox, SecretDecryptionError } from './secret-box';

const KEY = 'a1'.repeat(32);

describe('SecretBox', () => {
  const sut = new SecretBox(KEY);

  it('round-trips a secret and never stores it in clear', () => {
    const stored = sut.encrypt('retailcrm-api-key-123');
    expect(stored).toMatch(/^v1:[\w-]+:[\w-]+:[\w-]+$/);
    expect(stored).not.toContain('retailcrm-api-key-123');
    expect(sut.decrypt(stored)).toBe('retailcrm-api-key-123');
  });

  it('uses a fresh IV each time', () => {
    expect(sut.encrypt('same')).not.toBe(sut.encrypt('same'));
  });

  it('refuses a value encrypted with another key or tampered with', () => {
    const stored = sut.encrypt('secret');
    expect(() => new SecretBox('b2'.repeat(32)).decrypt(stored)).toThrow(SecretDecryptionError);
    const parts = stored.split(':');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => sut.decrypt(parts.join(':'))).toThrow(SecretDecryptionError);
    expect(() => sut.decrypt('plain')).toThrow(SecretDecryptionError);
  });

  it('refuses a key of the wrong size', () => {
    expect(() => new SecretBox('abcd')).toThrow(/64 hex/);
  });
});

describe('masking', () => {
  it('shows only the last four characters of a long secret', () => {
    expect(maskSecret('0123456789abcdef')).toBe('••••cdef');
    expect(maskSecret('short')).toBe('••••');
    expect(maskSecret(null)).toBeNull();
  });

  it('recognises a mask sent back', () => {
    expect(isMasked('••••cdef')).toBe(true);
    expect(isMasked('new-key')).toBe(false);
    expect(isMasked(undefined)).toBe(false);
  });
});

describe('SecretBox during a key rotation', () => {
  const OLD = 'c3'.repeat(32);
  const NEW = 'd4'.repeat(32);

  it('reads secrets of the previous key, writes with the current one, and re-encrypts only what needs it', () => {
    const written = new SecretBox(OLD).encrypt('mindbox-secret');
    const box = new SecretBox(NEW, [OLD]);

    expect(box.decrypt(written)).toBe('mindbox-secret');
    const rewritten = box.reencrypt(written);
    expect(rewritten).not.toBeNull();
    expect(new SecretBox(NEW).decrypt(rewritten!)).toBe('mindbox-secret');
    expect(() => new SecretBox(OLD).decrypt(rewritten!)).toThrow(SecretDecryptionError);
    expect(box.reencrypt(rewritten!)).toBeNull();
  });

  it('refuses what neither key opens', () => {
    const foreign = new SecretBox('e5'.repeat(32)).encrypt('x');
    expect(() => new SecretBox(NEW, [OLD]).reencrypt(foreign)).toThrow(SecretDecryptionError);
  });
});
