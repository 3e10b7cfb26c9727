// Where gateways reach this app (the public address, the tunnel, callback URLs).
import type { PublicAddress } from '../bindings/PublicAddress';
import type { Session } from './session.svelte';

export class PublicAddressStore {
  address: PublicAddress | null = $state.raw(null);

  constructor(private readonly session: Session) {}

  async load(): Promise<void> {
    try {
      this.address = await this.session.api().call('public_address', {});
    } catch (e) {
      this.session.fail(e);
    }
  }

  saved(address: PublicAddress): void {
    this.address = address;
  }
}
