import type { PayloadReader } from '../api/payload-reader';
import type {
  CustomerProfile,
  CustomFieldValue,
  ProjectSettings,
  Subscription,
} from '../store/mindbox.entities';

/** Profile changes: a value sets a field, null clears it (`"%CLEAR%"` in the request, reference §3.1). */
export type ProfilePatch = { [K in keyof CustomerProfile]?: CustomerProfile[K] | null };

export interface CustomerInput {
  ids: Record<string, string>;
  profile: ProfilePatch;
  subscriptions: Subscription[];
}

const CLEAR = '%CLEAR%';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const customerIdKeys = (settings: ProjectSettings): string[] => [
  'mindboxId',
  ...settings.customerIdKeys,
];

/** Reads a `customer` node: its ids and whatever profile fields and subscriptions it carries. */
export function readCustomer(
  reader: PayloadReader,
  value: unknown,
  location: string,
  settings: ProjectSettings,
  need: { required?: boolean; idsRequired?: boolean },
): CustomerInput | undefined {
  const node = reader.object(value, location, need);
  if (!node) return undefined;
  const ids =
    reader.ids(node.ids, `${location}/ids`, customerIdKeys(settings), {
      required: need.idsRequired,
      what: 'клиента',
    }) ?? {};
  const profile: ProfilePatch = {};
  const text = (field: 'firstName' | 'lastName' | 'middleName', raw: unknown): void => {
    const v = reader.string(raw, `${location}/${field}`);
    if (v !== undefined) profile[field] = v === CLEAR ? null : v;
  };
  text('firstName', node.firstName);
  text('lastName', node.lastName);
  text('middleName', node.middleName);

  const email = reader.string(node.email, `${location}/email`);
  if (email === CLEAR) profile.email = null;
  else if (email !== undefined) {
    if (EMAIL.test(email)) profile.email = email;
    else reader.fail(`${location}/email`, `"${email}" не является корректным адресом электронной почты.`);
  }

  const phone = reader.string(node.mobilePhone, `${location}/mobilePhone`);
  if (phone === CLEAR) profile.mobilePhone = null;
  else if (phone !== undefined) {
    const digits = phone.replace(/[\s()+-]/g, '');
    if (/^\d{10,15}$/.test(digits)) profile.mobilePhone = digits;
    else
      reader.fail(
        `${location}/mobilePhone`,
        `"${phone}" не является корректным номером мобильного телефона.`,
      );
  }

  const birthDate = reader.string(node.birthDate, `${location}/birthDate`);
  if (birthDate === CLEAR) profile.birthDate = null;
  else if (birthDate !== undefined) {
    if (DATE.test(birthDate) && !Number.isNaN(Date.parse(birthDate))) profile.birthDate = birthDate;
    else reader.fail(`${location}/birthDate`, `"${birthDate}" не является датой в формате ГГГГ-ММ-ДД.`);
  }

  const sex = reader.string(node.sex, `${location}/sex`);
  if (sex === CLEAR) profile.sex = null;
  else if (sex === 'male' || sex === 'female') profile.sex = sex;
  else if (sex !== undefined) reader.fail(`${location}/sex`, 'Пол должен быть male или female.');

  const area = reader.object(node.area, `${location}/area`);
  const areaId =
    area &&
    reader.string(
      reader.object(area.ids, `${location}/area/ids`)?.externalId,
      `${location}/area/ids/externalId`,
    );
  if (areaId !== undefined) profile.area = areaId;

  const customFields = reader.object(node.customFields, `${location}/customFields`);
  if (customFields) {
    const fields: Record<string, CustomFieldValue> = {};
    for (const [key, raw] of Object.entries(customFields)) {
      if (raw === null || ['string', 'number', 'boolean'].includes(typeof raw))
        fields[key] = raw as CustomFieldValue;
      else
        reader.fail(`${location}/customFields/${key}`, 'Значение дополнительного поля должно быть простым.');
    }
    profile.customFields = fields;
  }

  const subscriptions = (reader.array(node.subscriptions, `${location}/subscriptions`) ?? []).flatMap(
    (raw, i) => {
      const at = `${location}/subscriptions/${i}`;
      const s = reader.object(raw, at, { required: true });
      if (!s) return [];
      const pointOfContact = reader.string(s.pointOfContact, `${at}/pointOfContact`, { required: true });
      const isSubscribed = reader.boolean(s.isSubscribed, `${at}/isSubscribed`) ?? true;
      const topic = reader.string(s.topic, `${at}/topic`);
      const brand = reader.string(s.brand, `${at}/brand`);
      return pointOfContact === undefined ? [] : [{ pointOfContact, isSubscribed, topic, brand }];
    },
  );
  return { ids, profile, subscriptions };
}

/** The profile after a patch (null clears a field). */
export function patchProfile(profile: CustomerProfile, patch: ProfilePatch): CustomerProfile {
  const next: Record<string, unknown> = { ...profile };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else if (key === 'customFields') next[key] = { ...profile.customFields, ...(value as object) };
    else next[key] = value;
  }
  return next as CustomerProfile;
}

/** Subscriptions after an update: one per brand, channel and topic, the newest wins. */
export function mergeSubscriptions(current: Subscription[], updates: Subscription[]): Subscription[] {
  const key = (s: Subscription): string => `${s.brand ?? ''}\u0000${s.pointOfContact}\u0000${s.topic ?? ''}`;
  const merged = new Map(current.map((s) => [key(s), s]));
  for (const update of updates) merged.set(key(update), update);
  return [...merged.values()];
}
