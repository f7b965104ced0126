import { Injectable, Logger } from '@nestjs/common';
import { RetailCrmClient, RetailCrmClientFactory } from '@app/retailcrm';
import { RetailCrmProductField, SettingsService } from '@app/settings';
import { CatalogueReader, CatalogueSource } from '../catalogue/catalogue-reader.service';
import { FeedsConfig } from '../feeds.config';
import { FeedsMetrics } from '../feeds.metrics';
import { FeedRepository } from '../storage/feed.repository';
import type { FeedShop } from '../yml/yml-document';
import { DEFAULT_ID_FIELD, dueWork, FeedWork } from './due-work';
import { FeedRenderer } from './feed-renderer.service';

const SHOP_CACHE_MS = 3_600_000;

/** What one build step did, for logs, metrics and tests. */
export interface BuildStep {
  work: FeedWork | null;
  requests: number;
  rendered: 'changed' | 'unchanged' | null;
}

/**
 * One account's feed work, run by the replica that holds its lease: reads the catalogue from the
 * CRM (in full or the changes), then renders the feed when the copy changed. A failure is kept on
 * the feed (`last_error`) and the last good feed goes on being served.
 */
@Injectable()
export class FeedBuilder {
  private readonly logger = new Logger(FeedBuilder.name);
  private readonly shops = new Map<string, { until: number; shop: FeedShop }>();

  constructor(
    private readonly settings: SettingsService,
    private readonly crmClients: RetailCrmClientFactory,
    private readonly reader: CatalogueReader,
    private readonly renderer: FeedRenderer,
    private readonly feeds: FeedRepository,
    private readonly config: FeedsConfig,
    private readonly metrics: FeedsMetrics,
  ) {}

  /** Does what is due for the account now (nothing, when nothing is). */
  async build(accountId: string, holder: string): Promise<BuildStep> {
    const feed = await this.feeds.find(accountId);
    const settings = await this.settings.load(accountId);
    if (!feed || !settings) return { work: null, requests: 0, rendered: null };
    const idField: RetailCrmProductField = settings.products?.ids.retailcrmField ?? DEFAULT_ID_FIELD;
    const sites = settings.access.sites;
    const work = dueWork(feed, { sites, idField }, Date.now(), this.config);
    if (!work) return { work, requests: 0, rendered: null };
    const crm = this.crmClients.forAccount({
      url: settings.access.retailcrmUrl,
      apiKey: settings.access.apiKey,
    });
    const source: CatalogueSource = { accountId, sites, crm };
    const stopTimer = this.metrics.buildDuration.startTimer({ work });
    this.metrics.buildsRunning.inc();
    try {
      let requests = 0;
      if (work === 'full') {
        const run = feed.syncRun + 1;
        const read = await this.reader.fullRead(source, run);
        requests = read.requests;
        await this.feeds.finishFullRead(accountId, { run, sites, ...read });
        this.logger.log(`catalogue read in full: ${read.offers} offers, ${read.requests} CRM requests`);
      } else if (work === 'changes') {
        const pass = await this.reader.changePass(source, feed.syncRun, feed.sinceUpdatedAt);
        requests = pass.requests;
        await this.feeds.finishChangePass(accountId, pass);
      }
      this.metrics.crmRequests.inc({ work }, requests);
      const after = await this.feeds.find(accountId);
      if (!after || !(after.dirty || after.generation === 0 || after.idField !== idField)) {
        this.metrics.builds.inc({ work, result: 'ok' });
        return { work, requests, rendered: null };
      }
      const shop = await this.shopOf(accountId, crm, sites);
      const rendered = await this.renderer.render({ accountId, idField, shop, holder });
      this.metrics.renders.inc({ result: rendered.changed ? 'changed' : 'unchanged' });
      this.metrics.builds.inc({ work, result: 'ok' });
      if (rendered.changed) {
        for (const [reason, count] of Object.entries(rendered.skipped))
          this.metrics.skipped.inc({ reason }, count);
        this.logger.log(
          `feed built: ${rendered.offers} offers, skipped ${JSON.stringify(rendered.skipped)}, ${rendered.sizeGzip} bytes gzipped`,
        );
      }
      return { work, requests, rendered: rendered.changed ? 'changed' : 'unchanged' };
    } catch (error) {
      this.metrics.builds.inc({ work, result: 'failed' });
      await this.feeds.recordError(accountId, describe(error));
      throw error;
    } finally {
      stopTimer();
      this.metrics.buildsRunning.dec();
    }
  }

  /** The feed's `<shop>`: the first chosen shop's name, address and currency (one CRM call an hour). */
  private async shopOf(accountId: string, crm: RetailCrmClient, sites: string[]): Promise<FeedShop> {
    const cached = this.shops.get(accountId);
    if (cached && cached.until > Date.now()) return cached.shop;
    const all = await crm.reference.sites();
    const site = all.find((entry) => sites.length === 0 || sites.includes(entry.code)) ?? all[0];
    const shop: FeedShop = {
      name: site?.name ?? crm.host,
      company: site?.name ?? crm.host,
      url: site?.url,
      currency: site?.currency ?? 'RUB',
    };
    this.shops.set(accountId, { until: Date.now() + SHOP_CACHE_MS, shop });
    return shop;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
