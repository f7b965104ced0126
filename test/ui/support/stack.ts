import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { SandboxUnderTest } from '../../sandbox/mindbox-harness';
import { freePort } from '../../sandbox/retailcrm-fake-module';

/** The sandbox (demo seed) and the gateway, both in this process, as the settings page meets them. */
export interface UiStack {
  sandbox: SandboxUnderTest;
  gateway: INestApplication;
  gatewayUrl: string;
  close(): Promise<void>;
}

export async function startStack(): Promise<UiStack> {
  process.env.SANDBOX_SEED = 'demo';
  const sandbox = await SandboxUnderTest.start();

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
    async close() {
      await gateway.close();
      await sandbox.close();
    },
  };
}
