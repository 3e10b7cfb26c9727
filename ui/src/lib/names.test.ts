import { describe, expect, it } from 'vitest';
import type { Account } from '../bindings/Account';
import type { GatewayKind } from '../bindings/GatewayKind';
import type { Operator } from '../bindings/Operator';
import { capabilities, conversation, en, operator, ru } from './fixtures';
import { accountLabel, accountOf, isBuiltInOperator, operatorLabel } from './names';

const self: Operator = { ...operator(1, 'Me', 'supervisor'), login: null };
const BRANDS: Partial<Record<GatewayKind, string>> = { devino: 'Devino', wamm: 'WAMM.chat' };
const brand = (kind: GatewayKind) => BRANDS[kind] ?? kind;

describe('operatorLabel', () => {
  it('names the built-in operator "You" in the reader’s language', () => {
    expect(operatorLabel({ id: 1, name: 'Me' }, self, en)).toBe('You');
    expect(operatorLabel({ id: 1, name: 'Me' }, self, ru)).toBe('Вы');
    expect(isBuiltInOperator({ id: 1, name: 'Me' }, self)).toBe(true);
  });

  it('keeps a name someone gave, and another operator’s name, as data', () => {
    // Renamed: the app's own operator, but no longer under the stored default.
    expect(operatorLabel({ id: 1, name: 'Anna' }, { ...self, name: 'Anna' }, ru)).toBe('Anna');
    // Another operator who happens to be called "Me" is not the reader.
    expect(operatorLabel({ id: 2, name: 'Me' }, self, ru)).toBe('Me');
    // Before app_info arrives nobody is known to be the reader.
    expect(isBuiltInOperator({ id: 1, name: 'Me' }, undefined)).toBe(false);
  });

  it('names the machine’s own operator "This computer" for a team’s operators', () => {
    const anna = { ...operator(7, 'Anna', 'manager') };
    expect(operatorLabel({ id: 1, name: 'Me' }, anna, en)).toBe('This computer');
    expect(operatorLabel({ id: 1, name: 'Me' }, null, ru)).toBe('Этот компьютер');
    expect(operatorLabel({ id: 7, name: 'Anna' }, anna, ru)).toBe('Anna');
  });
});

describe('accountLabel', () => {
  const account: Account = {
    id: 1,
    name: 'Sandbox (simulated Devino)',
    gateway: 'devino',
    sender: 'Switchboard',
    base_url: 'http://127.0.0.1:1',
    options: {},
    sandbox: true,
    capabilities,
    created_at: '2026-01-01T00:00:00Z',
  };

  it('names the sandbox in the reader’s language, whatever the server stored', () => {
    expect(accountLabel(account, en, brand)).toBe('Sandbox (simulated Devino)');
    expect(accountLabel(account, ru, brand)).toBe('Песочница (имитация Devino)');
    expect(accountLabel({ ...account, name: 'Sandbox (simulated WAMM.chat)', gateway: 'wamm' }, ru, brand)).toBe(
      'Песочница (имитация WAMM.chat)',
    );
  });

  it('shows any other account as its owner named it', () => {
    expect(accountLabel({ ...account, name: 'Shop', sandbox: false }, ru, brand)).toBe('Shop');
    expect(accountLabel({ ...account, name: 'Sandbox', sandbox: false }, ru, brand)).toBe('Sandbox');
  });

  it('names a conversation’s account the same way', () => {
    const shop = conversation(1, '2026-01-01T00:00:00Z');
    expect(accountLabel(accountOf(shop), ru, brand)).toBe('Shop');
    const sandbox = { ...shop, account_name: 'Sandbox (simulated Devino)', sandbox: true };
    expect(accountLabel(accountOf(sandbox), ru, brand)).toBe('Песочница (имитация Devino)');
  });
});
