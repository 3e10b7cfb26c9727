// Where gateways reach this app (the public address, the tunnel, callback URLs).
import type { PublicAddress } from '../bindings/PublicAddress';
import type { WebhookUrl } from '../bindings/WebhookUrl';
import { Latest } from '../lib/liveLog';
import { withWebhooks } from '../lib/publicAddress';
import type { Session } from './session.svelte';

export class PublicAddressStore {
  address: PublicAddress | null = $state.raw(null);
  /** Only the newest load's answer is kept: an older one may predate a change made since. */
  private readonly latest = new Latest();

  constructor(private readonly session: Session) {}

  async load(): Promise<void> {
    const current = this.latest.begin();
    try {
      const address = await this.session.api().call('public_address', {});
      if (current()) this.address = address;
    } catch (e) {
      if (current()) this.session.fail(e);
    }
  }

  reset(): void {
    this.latest.begin();
    this.address = null;
  }

  saved(address: PublicAddress): void {
    this.latest.begin();
    this.address = address;
  }

  /** An account got new callback URLs: shown at once, then the rest is loaded afresh (a load
   * under way may have started before the old URLs were replaced). */
  rotated(accountId: number, webhooks: WebhookUrl[]): void {
    if (this.address) this.address = withWebhooks(this.address, accountId, webhooks);
    void this.load();
  }
}
