import { Module } from '@nestjs/common';
import { RpcClient } from './rpc.client';
import { RpcServer } from './rpc.server';

/**
 * Request/reply over RabbitMQ: {@link RpcClient} to ask, {@link RpcServer} to answer. Needs
 * `MessagingModule.forRoot` (its connection) in the app.
 */
@Module({ providers: [RpcClient, RpcServer], exports: [RpcClient, RpcServer] })
export class RpcModule {}
