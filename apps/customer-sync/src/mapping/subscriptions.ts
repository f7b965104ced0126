import type { MindboxSubscriptionRequest } from '@app/mindbox';
import type { Customer, CustomerSubscription } from '@app/retailcrm';
import type { CustomerMappingSettings } from './mapping-settings';

/** The CRM's subscription code of general marketing mailings on a channel. */
const MARKETING_CODE = 'default_marketing';

// Mindbox point of contact (lower case) -> CRM `customerSubscriptions[].subscription.channel`s.
const CRM_CHANNELS: Record<string, string[]> = {
  email: ['email'],
  sms: ['sms'],
  viber: ['viber'],
  whatsapp: ['waba', 'whatsapp'],
  telegram: ['telegram'],
};

function channelEntries(customer: Customer, channels: string[]): CustomerSubscription[] {
  return (customer.customerSubscriptions ?? []).filter(
    (entry) =>
      typeof entry?.subscription?.channel === 'string' &&
      channels.includes(entry.subscription.channel.toLowerCase()) &&
      entry.subscription.active !== false,
  );
}

/**
 * Whether the customer agreed to marketing on the Mindbox channel, or undefined when the CRM
 * says nothing about that channel (the subscription is then left as Mindbox has it).
 *
 * The channel's general marketing subscription (`default_marketing`) decides; without one, any
 * subscription of the channel. For e-mail, `emailMarketingUnsubscribedAt` (the older, account-wide
 * opt-out) also counts: any opt-out wins, so nobody who unsubscribed is mailed again; with no
 * subscription data at all an e-mail is subscribed unless `subscribed` is false, as RetailCRM
 * treats it.
 */
export function marketingConsent(customer: Customer, pointOfContact: string): boolean | undefined {
  const key = pointOfContact.toLowerCase();
  const channels = CRM_CHANNELS[key] ?? [key];
  const entries = channelEntries(customer, channels);
  const marketing = entries.find((entry) => entry.subscription.code === MARKETING_CODE);
  let consent: boolean | undefined = marketing
    ? marketing.subscribed === true
    : entries.length > 0
      ? entries.some((entry) => entry.subscribed === true)
      : undefined;
  if (channels.includes('email')) {
    if (customer.emailMarketingUnsubscribedAt) consent = false;
    else if (consent === undefined) consent = customer.subscribed !== false;
  }
  return consent;
}

/** The `subscriptions` node: one entry per configured point of contact the CRM has consent data for. */
export function mapSubscriptions(
  customer: Customer,
  settings: Pick<CustomerMappingSettings, 'brand' | 'topic' | 'pointsOfContact'>,
): MindboxSubscriptionRequest[] {
  return settings.pointsOfContact.flatMap((pointOfContact) => {
    const isSubscribed = marketingConsent(customer, pointOfContact);
    if (isSubscribed === undefined) return [];
    return [
      {
        ...(settings.brand ? { brand: settings.brand } : {}),
        pointOfContact,
        ...(settings.topic ? { topic: settings.topic } : {}),
        isSubscribed,
      },
    ];
  });
}
