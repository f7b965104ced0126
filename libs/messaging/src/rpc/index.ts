export * from './rpc.client';
export * from './rpc.constants';
export * from './rpc.contract';
export * from './rpc.module';
export * from './rpc.server';
