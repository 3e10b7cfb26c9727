// "Test connection" in the add-account form: the API's check_account command.
import type { AddAccount } from '../bindings/AddAccount';
import type { Transport } from './transport';

export interface ConnectionCheck {
  ok: boolean;
  message: string;
}

/**
 * check_account is being added to the API; until the generated bindings list it, the command is
 * called by name (a server without it answers with an error the form shows).
 */
export function checkAccount(transport: Transport, request: AddAccount): Promise<ConnectionCheck> {
  const call = transport.call as unknown as (command: string, request: AddAccount) => Promise<ConnectionCheck>;
  return call('check_account', request);
}
