import { Injectable, NotFoundException } from '@nestjs/common';
import type { Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

// The built extension (`apps/order-card/dist`): beside the sources when run from them, or under
// the working directory when run from dist/ (as the settings page is found).
const CANDIDATES = [
  resolve(__dirname, '..', '..', '..', 'order-card', 'dist'),
  resolve(process.cwd(), 'apps', 'order-card', 'dist'),
];

/** The files of the order-card extension that RetailCRM loads (`integrations.embedJs`). */
export const ORDER_CARD_FILES: Record<string, string> = {
  'order-card.js': 'application/javascript; charset=utf-8',
  'order-card.css': 'text/css; charset=utf-8',
};

/** Serves the built order-card extension; 404 until it is built. */
@Injectable()
export class OrderCardAssetsService {
  folder(): string | undefined {
    return CANDIDATES.find((candidate) => existsSync(join(candidate, 'order-card.js')));
  }

  send(file: string, response: Response): void {
    const folder = this.folder();
    const type = ORDER_CARD_FILES[file];
    if (!folder || !type || !existsSync(join(folder, file))) throw new NotFoundException();
    // RetailCRM's pages (another origin) fetch it to start the extension's worker.
    response.setHeader('Access-Control-Allow-Origin', '*');
    response.setHeader('Content-Type', type);
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(file, { root: folder, dotfiles: 'deny' });
  }
}
