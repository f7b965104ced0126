import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import {
  deleteCustomerSyncQueues,
  dropDatabase,
  prepareDatabase,
  startCustomerSync,
  useE2eEnvironment,
} from '../../customer-sync/customer-sync-harness';
import { SandboxUnderTest } from '../../sandbox/mindbox-harness';
import { freePort } from '../../sandbox/retailcrm-fake-module';

/**
 * The sandbox (demo seed), the gateway and customer-sync, all in this process, as the settings
 * page meets them; on a database of the run's own (customer-sync works every account it finds).
 */
export interface UiStack {
  sandbox: SandboxUnderTest;
  gateway: INestApplication;
  gatewayUrl: string;
  db: DataSource;
  close(): Promise<void>;
}

export async function startStack(): Promise<UiStack> {
  useE2eEnvironment();
  process.env.SANDBOX_SEED = 'demo';
  const db = await prepareDatabase();
  const sandbox = await SandboxUnderTest.start();
  const worker = await startCustomerSync();

  // The gateway must know its own URL (PUBLIC_URL) before it starts: take a free port first.
  const port = await freePort();
  const gatewayUrl = `http://127.0.0.1:${port}`;
  process.env.ALLOW_PRIVATE_URLS = 'true';
  process.env.PUBLIC_URL = gatewayUrl;
  // Loaded after the env is set: the config module reads it when the module is built.
  const [{ GatewayModule }, { setUpGateway }, { connectMessaging }] = await Promise.all([
    import('../../../apps/gateway/src/gateway.module'),
    import('../../../apps/gateway/src/gateway.setup'),
    import('../../../libs/messaging/src'),
  ]);
  const moduleRef = await Test.createTestingModule({ imports: [GatewayModule] }).compile();
  const gateway = moduleRef.createNestApplication({ logger: ['error'] });
  // As main.ts does before it listens.
  setUpGateway(gateway);
  await connectMessaging(gateway);
  await gateway.startAllMicroservices();
  await gateway.listen(port, '127.0.0.1');

  return {
    sandbox,
    gateway,
    gatewayUrl,
    db,
    async close() {
      await gateway.close();
      await deleteCustomerSyncQueues(worker);
      await worker.close();
      await sandbox.close();
      await db.destroy();
      await dropDatabase();
    },
  };
}
