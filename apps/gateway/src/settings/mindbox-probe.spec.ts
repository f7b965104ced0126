import { ForbiddenUrlError } from '@app/common/http/url-guard';
import {
  MindboxAuthError,
  MindboxBadRequestError,
  MindboxErrorContext,
  MindboxInvalidResponseError,
  MindboxNotFoundError,
  MindboxUnavailableError,
  MindboxValidationError,
} from '@app/mindbox';
import { demoTabs } from '@app/settings';
import { mindboxProbeOf, mindboxProblemOf, PROBE_OPERATION } from './mindbox-probe';

const context = (operation: string): MindboxErrorContext => ({ operation, endpointId: 'shop', attempts: 1 });

describe('Mindbox access check', () => {
  it('calls the project\'s "get existing customer" operation when the Customers tab names one', () => {
    expect(mindboxProbeOf(null)).toEqual({ operation: PROBE_OPERATION, body: {} });
    expect(mindboxProbeOf(demoTabs().customers)).toEqual({
      operation: 'Website.CheckCustomer',
      body: { customer: { ids: { retailcrmId: 'retailcrm-settings-check' } } },
    });
  });

  describe('reading the answer', () => {
    const probe = mindboxProbeOf(null);
    const badRequest = (text: string) =>
      new MindboxBadRequestError(
        { ...context(PROBE_OPERATION), status: 400 },
        `bad request (HTTP 400 ProtocolError "${text}")`,
      );

    it('accepts: the operation ran (validation error), or only the operation is unknown', () => {
      expect(mindboxProblemOf(new MindboxValidationError(context(PROBE_OPERATION), []), probe, 'shop')).toBe(
        'accepted',
      );
      expect(mindboxProblemOf(badRequest(`Операция "${PROBE_OPERATION}" не найдена.`), probe, 'shop')).toBe(
        'accepted',
      );
    });

    it('blames the secret key on 401/403 and the endpoint on another 400', () => {
      expect(
        mindboxProblemOf(new MindboxAuthError(context(PROBE_OPERATION), 'x'), probe, 'shop'),
      ).toMatchObject({
        field: 'secretKey',
      });
      expect(
        mindboxProblemOf(badRequest('Неизвестная точка интеграции "shop".'), probe, 'shop'),
      ).toMatchObject({
        field: 'endpointId',
      });
    });

    it('blames the API address when nothing like Mindbox answers there', () => {
      for (const error of [
        new MindboxNotFoundError(context(PROBE_OPERATION), 'not found'),
        new MindboxInvalidResponseError(context(PROBE_OPERATION), 'html'),
        new MindboxUnavailableError(context(PROBE_OPERATION), 'network', 'ECONNREFUSED'),
        new MindboxUnavailableError(context(PROBE_OPERATION), 'server-error', '503'),
        new ForbiddenUrlError('http://10.0.0.1', 'must start with https://'),
      ]) {
        expect(mindboxProblemOf(error, probe, 'shop')).toMatchObject({ field: 'apiUrl' });
      }
    });

    it('leaves errors that are not Mindbox answers to the caller', () => {
      expect(mindboxProblemOf(new TypeError('bug'), probe, 'shop')).toBeNull();
    });
  });
});
