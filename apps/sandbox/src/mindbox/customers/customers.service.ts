import { Injectable } from '@nestjs/common';
import { BehaviourResult, success } from '../api/answers';
import { PayloadReader } from '../api/payload-reader';
import type { CustomerRecord, ProjectState } from '../store/mindbox.entities';
import { addCustomer, findCustomer, findCustomerByContact, setCustomerIds } from '../store/project-state';
import { MindboxValidationFailure } from '../store/simulator-errors';
import { balancesJson, customerJson } from './customer-json';
import { CustomerInput, mergeSubscriptions, patchProfile, readCustomer } from './customer-payload';

/** Customer operations: import (register), edit, get existing (check), phone confirmation, balance. */
@Injectable()
export class CustomersService {
  /** Creates the customer, or edits it when its ids are known already. */
  importCustomer(state: ProjectState, body: unknown, now: Date): BehaviourResult {
    const input = this.read(state, body, true);
    const existing = findCustomer(state, input.ids);
    if (existing) return this.applyEdit(state, existing, input, now);
    if (input.ids.mindboxId !== undefined) {
      throw MindboxValidationFailure.at('/customer/ids/mindboxId', 'Клиент не найден.');
    }
    const { mindboxId: _ignored, ...externalIds } = input.ids;
    if (Object.keys(externalIds).length === 0) {
      throw MindboxValidationFailure.at('/customer/ids', 'Для нового клиента нужен внешний идентификатор.');
    }
    const customer = addCustomer(
      state,
      {
        ids: externalIds,
        profile: patchProfile({}, input.profile),
        subscriptions: mergeSubscriptions([], input.subscriptions),
      },
      now,
    );
    return { body: success({ customer: customerJson(customer, 'Created') }) };
  }

  editCustomer(state: ProjectState, body: unknown, now: Date): BehaviourResult {
    const input = this.read(state, body, true);
    const existing = findCustomer(state, input.ids);
    if (!existing) return { body: success({ customer: customerJson(undefined, 'NotFound') }) };
    return this.applyEdit(state, existing, input, now);
  }

  /** Looks a customer up by ids, else by e-mail or phone (`CheckCustomerByEmail`-style operations). */
  checkCustomer(state: ProjectState, body: unknown): BehaviourResult {
    const input = this.read(state, body, false);
    const customer =
      Object.keys(input.ids).length > 0
        ? findCustomer(state, input.ids)
        : findCustomerByContact(state, {
            email: input.profile.email ?? undefined,
            mobilePhone: input.profile.mobilePhone ?? undefined,
          });
    const customerNode = customer
      ? customerJson(customer, 'Found', 'full')
      : customerJson(undefined, 'NotFound');
    return { body: success({ customer: customerNode }) };
  }

  /** `{customer: {ids}, smsConfirmation: {code}}` -> `smsConfirmation.processingStatus` (reference §3.3). */
  confirmMobilePhone(state: ProjectState, body: unknown, now: Date): BehaviourResult {
    const reader = new PayloadReader();
    const root = reader.object(body, '/', { required: true });
    const input = readCustomer(reader, root?.customer, '/customer', state.settings, {
      required: true,
      idsRequired: true,
    });
    const sms = reader.object(root?.smsConfirmation, '/smsConfirmation', { required: true });
    const code = reader.string(sms?.code, '/smsConfirmation/code', { required: true });
    reader.done();
    const customer = input && findCustomer(state, input.ids);
    if (!customer) {
      return {
        body: success({
          customer: customerJson(undefined, 'NotFound'),
          smsConfirmation: { processingStatus: 'NotFound' },
        }),
      };
    }
    if (!customer.profile.mobilePhone) {
      throw MindboxValidationFailure.at('/customer', 'У клиента нет мобильного телефона.');
    }
    let status: string;
    if (customer.isMobilePhoneConfirmed) status = 'AlreadyConfirmed';
    else if (code !== state.settings.phoneConfirmationCode) status = 'IncorrectConfirmationCode';
    else {
      customer.isMobilePhoneConfirmed = true;
      customer.changedAt = now.toISOString();
      status = 'MobilePhoneConfirmed';
    }
    return {
      body: success({
        customer: customerJson(customer, 'Found'),
        smsConfirmation: { processingStatus: status },
      }),
    };
  }

  /** The customer's points (`balances[]`, reference §6.1). */
  getBalance(state: ProjectState, body: unknown): BehaviourResult {
    const input = this.read(state, body, true);
    const customer = findCustomer(state, input.ids);
    if (!customer) return { body: success({ customer: customerJson(undefined, 'NotFound') }) };
    return {
      body: success({
        customer: customerJson(customer, 'Found'),
        balances: balancesJson(customer.balance, state.settings.balanceType),
      }),
    };
  }

  private read(state: ProjectState, body: unknown, idsRequired: boolean): CustomerInput {
    const reader = new PayloadReader();
    const root = reader.object(body, '/', { required: true });
    const input = readCustomer(reader, root?.customer, '/customer', state.settings, {
      required: true,
      idsRequired,
    });
    if (
      !idsRequired &&
      input &&
      Object.keys(input.ids).length === 0 &&
      !input.profile.email &&
      !input.profile.mobilePhone
    ) {
      reader.fail('/customer', 'Передайте идентификатор, email или мобильный телефон клиента.');
    }
    reader.done();
    return input as CustomerInput;
  }

  private applyEdit(
    state: ProjectState,
    customer: CustomerRecord,
    input: CustomerInput,
    now: Date,
  ): BehaviourResult {
    const before = JSON.stringify([customer.ids, customer.profile, customer.subscriptions]);
    const { mindboxId: _ignored, ...externalIds } = input.ids;
    setCustomerIds(state, customer, externalIds);
    const profile = patchProfile(customer.profile, input.profile);
    if (profile.mobilePhone !== customer.profile.mobilePhone) customer.isMobilePhoneConfirmed = false;
    customer.profile = profile;
    customer.subscriptions = mergeSubscriptions(customer.subscriptions, input.subscriptions);
    const changed = JSON.stringify([customer.ids, customer.profile, customer.subscriptions]) !== before;
    if (changed) customer.changedAt = now.toISOString();
    return {
      body: success({ customer: customerJson(customer, changed ? 'Changed' : 'NotChanged') }),
    };
  }
}
