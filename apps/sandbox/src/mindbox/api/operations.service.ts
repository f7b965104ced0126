import { Injectable, Logger } from '@nestjs/common';
import { CustomersService } from '../customers/customers.service';
import { OrdersService } from '../orders/orders.service';
import { MindboxStore } from '../store/mindbox-store';
import { Behaviour, ProjectState, READ_ONLY_BEHAVIOURS } from '../store/mindbox.entities';
import { processedKey } from '../store/project-state';
import { MindboxProtocolFailure, MindboxValidationFailure } from '../store/simulator-errors';
import {
  BehaviourResult,
  internalServerError,
  OperationAnswer,
  protocolError,
  readSecretKey,
  transactionAlreadyProcessed,
  validationError,
} from './answers';

/** One call of `POST /v3/operations/{sync|async}` as the controller hands it over. */
export interface OperationCall {
  mode: 'sync' | 'async';
  endpointId?: string;
  operation?: string;
  transactionId?: string;
  authorization?: string;
  body: unknown;
}

type Handler = (state: ProjectState, body: unknown, now: Date) => BehaviourResult;

/**
 * The Mindbox v3 operations endpoint: checks the endpoint, the secret key and the operation name,
 * holds each operation to the project's rate limit, refuses a transactionId already applied for
 * the operation, and runs the behaviour the project maps the operation to.
 */
@Injectable()
export class OperationsService {
  private readonly logger = new Logger(OperationsService.name);
  private readonly handlers: Record<Behaviour, Handler>;

  constructor(
    private readonly store: MindboxStore,
    customers: CustomersService,
    orders: OrdersService,
  ) {
    this.handlers = {
      importCustomer: (s, b, n) => customers.importCustomer(s, b, n),
      editCustomer: (s, b, n) => customers.editCustomer(s, b, n),
      checkCustomer: (s, b) => customers.checkCustomer(s, b),
      confirmMobilePhone: (s, b, n) => customers.confirmMobilePhone(s, b, n),
      getBalance: (s, b) => customers.getBalance(s, b),
      calculate: (s, b, n) => orders.calculate(s, b, n),
      beginTransaction: (s, b, n) => orders.beginTransaction(s, b, n),
      commitTransaction: (s, b, n) => orders.commitTransaction(s, b, n),
      rollbackTransaction: (s, b, n) => orders.rollbackTransaction(s, b, n),
      updateLineStatuses: (s, b, n) => orders.updateLineStatuses(s, b, n),
      cancelOrder: (s, b, n) => orders.cancelOrder(s, b, n),
    };
  }

  run(call: OperationCall, now = new Date()): OperationAnswer {
    if (!call.endpointId) return protocolError(400, 'Не передан параметр endpointId.');
    if (!call.operation) return protocolError(400, 'Не передан параметр operation.');
    const key = readSecretKey(call.authorization);
    if (key === undefined)
      return protocolError(401, 'Не передан заголовок Authorization с секретным ключом.');
    const state = this.store.get(call.endpointId);
    if (!state) return protocolError(400, `Неизвестная точка интеграции "${call.endpointId}".`);
    if (key !== state.settings.secretKey) return protocolError(403, 'Неверный секретный ключ.');
    const behaviour = state.settings.operations[call.operation];
    if (!behaviour) return protocolError(400, `Операция "${call.operation}" не найдена.`);
    if (!state.limiter.tryTake(call.operation, now.getTime())) {
      // Reference §2.3: over the limit Mindbox answers 429 and processes nothing of the request.
      return protocolError(429, `Превышен лимит вызовов операции "${call.operation}".`);
    }
    if (call.body === null || typeof call.body !== 'object' || Array.isArray(call.body)) {
      return protocolError(400, 'Тело запроса должно быть объектом JSON.');
    }

    const remembered = call.transactionId && !READ_ONLY_BEHAVIOURS.has(behaviour);
    const callKey = processedKey(call.operation, call.transactionId ?? '');
    if (remembered && state.processed.has(callKey)) return transactionAlreadyProcessed();

    let result: BehaviourResult;
    try {
      result = this.handlers[behaviour](state, call.body, now);
    } catch (error) {
      if (error instanceof MindboxValidationFailure) return validationError(error.messages);
      if (error instanceof MindboxProtocolFailure) return protocolError(error.httpStatus, error.message);
      this.logger.error(`${call.operation} failed: ${error instanceof Error ? error.stack : String(error)}`);
      return internalServerError('Внутренняя ошибка симулятора.');
    }
    if (remembered && !result.repeatable) state.processed.add(callKey);
    // An async call is only queued by Mindbox: its answer carries no data (reference §1.1).
    return { httpStatus: 200, body: call.mode === 'async' ? { status: 'Success' } : result.body };
  }
}
