import { AccountActivityChanged, AccountSettingsChanged, SyncRequested } from './account.contracts';
import { CustomerChangedV2Contract, CustomerFullLoadItem } from './customer-sync.contracts';
import { MessageContract } from './message-contract';
import { OrderChangedV2Contract } from './order-processing.contracts';
import { FullLoadRequested, JournalRetryRequested } from './sync-control.contracts';
import { CustomerChanged, OrderChanged } from './sync.contracts';

export * from './account.contracts';
export * from './customer-sync.contracts';
export * from './message-contract';
export * from './order-processing.contracts';
export * from './promo-loyalty.contracts';
export * from './sync-control.contracts';
export * from './sync.contracts';

const registry = new Map<string, MessageContract>();

/**
 * Adds contracts to the registry the transport validates against. The product's contracts are
 * registered here; tests may register their own.
 */
export function registerContracts(...contracts: MessageContract[]): void {
  for (const contract of contracts) {
    const known = registry.get(contract.routingKey);
    if (known && known.payload !== contract.payload) {
      throw new Error(`routing key ${contract.routingKey} is already bound to ${known.payload.name}`);
    }
    registry.set(contract.routingKey, contract);
  }
}

/** The contract of a routing key, or undefined when none is registered. */
export function contractFor(routingKey: string): MessageContract | undefined {
  return registry.get(routingKey);
}

registerContracts(
  AccountActivityChanged,
  AccountSettingsChanged,
  SyncRequested,
  CustomerChanged,
  OrderChanged,
  CustomerChangedV2Contract,
  CustomerFullLoadItem,
  FullLoadRequested,
  JournalRetryRequested,
  OrderChangedV2Contract,
);
