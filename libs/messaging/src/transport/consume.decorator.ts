import { applyDecorators, ArgumentsHost, Catch, RpcExceptionFilter, UseFilters } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { Observable, throwError } from 'rxjs';
import type { AccountMessage, MessageContract } from '../contracts';

/** Options of `@Consume`. */
export interface ConsumeOptions {
  /** The consumer queue, `<service>.<purpose>`; one queue per purpose. */
  queue: string;
}

/** Extras stored on the Nest handler and read by the transport. */
export interface ConsumeExtras {
  queue: string;
}

/**
 * Hands the original error to the transport, which decides between retry and parking; Nest's
 * default RPC filter would replace it with a generic "Internal server error".
 */
@Catch()
export class PassErrorToTransportFilter implements RpcExceptionFilter {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}

/**
 * Marks a controller method as the handler of a contract's messages on `queue`. The payload it
 * receives is already validated; the message is acknowledged only after it returns and its
 * transaction commits.
 */
export function Consume<T extends AccountMessage>(contract: MessageContract<T>, options: ConsumeOptions) {
  const extras: ConsumeExtras = { queue: options.queue };
  return applyDecorators(EventPattern(contract.routingKey, extras), UseFilters(PassErrorToTransportFilter));
}
