import { allowedMethods } from './api-routes';

describe('allowedMethods', () => {
  it('knows the methods of each path of the simulated API', () => {
    expect(allowedMethods('/api/v5/customers')).toEqual(['GET']);
    expect(allowedMethods('/api/v5/orders/create')).toEqual(['POST', 'GET']);
    expect(allowedMethods('/api/v5/orders/15/edit')).toEqual(['POST']);
    expect(allowedMethods('/api/credentials')).toEqual(['GET']);
  });

  it('knows no method of a path the API does not have', () => {
    expect(allowedMethods('/api/v5/telephony/calls')).toEqual([]);
  });
});
