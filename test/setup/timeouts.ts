// Integration and e2e tests talk to real services and boot apps: a 5 s default is too short.
jest.setTimeout(60_000);
