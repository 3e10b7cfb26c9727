// Names the app stores for itself, shown in the reader's language: the built-in operator and
// the sandbox account. Names people gave (an operator called Anna, an account called Shop) are
// data and are shown as they are.
import type { GatewayKind } from '../bindings/GatewayKind';
import type { OperatorRef } from '../bindings/OperatorRef';
import type { Translator } from '../i18n';

/**
 * The name the built-in operator is stored under (the first migration's `operators` row). Until
 * team sign-in arrives it is the only operator: the person at the screen.
 */
export const BUILT_IN_OPERATOR_NAME = 'Me';

/**
 * Whether `operator` is the app's own built-in operator (`app_info.operator`) still under its
 * stored name — the one shown as "You". A renamed operator, or another one, is named as stored.
 */
export function isBuiltInOperator(operator: OperatorRef, self: OperatorRef | null | undefined): boolean {
  return self != null && operator.id === self.id && operator.name === BUILT_IN_OPERATOR_NAME;
}

/** This computer's own operator's id (the first migration's `operators` row: the solo desktop,
 * the CLI on the data directory). */
export const LOCAL_OPERATOR_ID = 1;

/** Whether `operator` is this computer's own operator under its stored name, whoever reads. */
export function isLocalOperator(operator: OperatorRef): boolean {
  return operator.id === LOCAL_OPERATOR_ID && operator.name === BUILT_IN_OPERATOR_NAME;
}

/**
 * An operator as shown (the sidebar, a sent message's author, the team): "You" for the built-in
 * one when it is the reader; for a team's reader, the machine's own operator (what the CLI on
 * the server sent) as "This computer".
 */
export function operatorLabel(operator: OperatorRef, self: OperatorRef | null | undefined, tr: Translator): string {
  if (isBuiltInOperator(operator, self)) return tr.t('operator.you');
  return isLocalOperator(operator) ? tr.t('operator.local') : operator.name;
}

/** What naming an account needs: an `Account`, `AccountCallbacks`, or `accountOf(conversation)`. */
export interface AccountNaming {
  name: string;
  gateway: GatewayKind;
  /** The built-in simulated gateway: its stored name is the server's English, not a person's. */
  sandbox: boolean;
}

/**
 * An account's name as shown everywhere (list rows, the thread header, settings, the sandbox
 * note, the public address panel, sync lines): the sandbox's in the reader's language ("Sandbox
 * (simulated Devino)"), any other as its owner named it.
 */
export function accountLabel(
  account: AccountNaming,
  tr: Translator,
  gatewayName: (kind: GatewayKind) => string,
): string {
  return account.sandbox ? tr.t('account.sandboxName', { gateway: gatewayName(account.gateway) }) : account.name;
}

/** The account a conversation belongs to, for `accountLabel`. */
export function accountOf(conversation: {
  account_name: string;
  gateway: GatewayKind;
  sandbox: boolean;
}): AccountNaming {
  return { name: conversation.account_name, gateway: conversation.gateway, sandbox: conversation.sandbox };
}
