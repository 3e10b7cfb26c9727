import { describe, expect, it } from 'vitest';
import type { ContactCard } from '../bindings/ContactCard';
import { cardConcerns, fieldChange, fieldProblem, orderedValues } from './contactCard';
import { conversation } from './fixtures';

const at = '2026-05-20T10:00:00Z';

describe('contact card', () => {
  const mine = conversation(1, at, 0, { contact: { id: 5, phone: '+79000000005', name: 'Anna' } });
  const card: ContactCard = { contact: mine.contact, fields: [], conversations: [mine] };

  it('is concerned by a change to any conversation with its contact, and no other', () => {
    const elsewhere = conversation(2, at, 0, { account_id: 2, contact: { id: 5, phone: '+79000000005', name: 'Anna' } });
    expect(cardConcerns(card, elsewhere)).toBe(true);
    expect(cardConcerns(card, mine)).toBe(true);
    expect(cardConcerns(card, conversation(3, at))).toBe(false);
  });

  it('orders fields by position, then by id', () => {
    const f = (id: number, position: number) => ({ field: { id, key: `k${id}`, label: `L${id}`, position }, value: null });
    expect(orderedValues([f(1, 2), f(2, 1), f(3, 1)]).map((v) => v.field.id)).toEqual([2, 3, 1]);
  });

  it('sends a trimmed value, null to clear, nothing when unchanged', () => {
    expect(fieldChange(null, '  Moscow ')).toBe('Moscow');
    expect(fieldChange('Moscow', ' ')).toBeNull();
    expect(fieldChange('Moscow', 'Moscow ')).toBeUndefined();
    expect(fieldChange(null, '')).toBeUndefined();
  });
});

describe('fieldProblem', () => {
  it('wants a key of Latin letters, digits and _, and a label', () => {
    expect(fieldProblem('city', 'Город')).toBeNull();
    expect(fieldProblem('order_no2', 'Order')).toBeNull();
    expect(fieldProblem('', 'City')).toBe('needBoth');
    expect(fieldProblem('city', ' ')).toBe('needBoth');
    expect(fieldProblem('город', 'City')).toBe('badKey');
    expect(fieldProblem('a.b', 'City')).toBe('badKey');
  });
});
