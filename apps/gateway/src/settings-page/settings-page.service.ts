import { Injectable, NotFoundException } from '@nestjs/common';
import type { Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GatewayConfig } from '../gateway.config';

// The built page (`apps/gateway/ui/dist`) unless SETTINGS_UI_DIR says otherwise: next to the
// sources when run from them (tests, ts-node), or under the working directory when run from
// dist/ (the image copies apps/gateway/ui beside dist/).
const CANDIDATES = [
  resolve(__dirname, '..', '..', 'ui', 'dist'),
  resolve(process.cwd(), 'apps', 'gateway', 'ui', 'dist'),
];

const CLIENT_ID = /^[0-9a-f]{64}$/i;

/**
 * Serves the settings page built by the UI (a Vite app): its `index.html` for any
 * `/settings/{clientId}` (the page reads the clientId from its own URL) and its hashed assets.
 * Nothing is served when the page has not been built.
 */
@Injectable()
export class SettingsPageService {
  private readonly candidates: string[];

  constructor(config: GatewayConfig) {
    this.candidates = config.settingsUiDir ? [resolve(config.settingsUiDir)] : CANDIDATES;
  }

  /** The folder of the built page, if there is one (looked up each time: the page may be built later). */
  folder(): string | undefined {
    return this.candidates.find((candidate) => existsSync(join(candidate, 'index.html')));
  }

  page(clientId: string, response: Response): void {
    const folder = this.folder();
    if (!folder || !CLIENT_ID.test(clientId)) throw new NotFoundException();
    response.setHeader('Cache-Control', 'no-store');
    response.sendFile('index.html', { root: folder });
  }

  /** A file of `assets/`; `send` (Express's static file server) refuses paths leaving the folder. */
  asset(path: string | string[], response: Response): void {
    const folder = this.folder();
    if (!folder) throw new NotFoundException();
    const file = Array.isArray(path) ? path.join('/') : path;
    response.sendFile(
      file,
      { root: join(folder, 'assets'), dotfiles: 'deny', maxAge: '365d', immutable: true },
      (error?: Error & { status?: number }) => {
        if (error && !response.headersSent) {
          response.status(error.status === 403 ? 403 : 404).json({ message: 'Not Found' });
        }
      },
    );
  }
}
