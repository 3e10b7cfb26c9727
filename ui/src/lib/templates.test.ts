import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Template } from '../bindings/Template';
import type { TemplatePreview } from '../bindings/TemplatePreview';
import { capabilities, en, phrase, ru } from './fixtures';
import {
  draftKey,
  draftOf,
  emptyValues,
  filterTemplates,
  generalProblems,
  problemsByField,
  readyToSend,
  sendsTemplates,
  Settled,
  sourceLabel,
  specDraftOf,
  specOf,
  statusText,
  templateFields,
  withFilled,
} from './templates';

function template(id: number, over: Partial<Template> = {}): Template {
  return {
    id,
    account_id: 7,
    source: 'registered',
    name: `t${id}`,
    gateway_id: `t${id}`,
    language: 'ru',
    category: 'utility',
    status: 'approved',
    header: null,
    body: 'Hello',
    footer: null,
    buttons: [],
    params: [],
    expects: { body: 0, header: null, buttons: [] },
    updated_at: '2026-05-20T12:00:00Z',
    ...over,
  };
}

const order = template(1, {
  name: 'order_ready',
  gateway_id: 'order_ready',
  header: { kind: 'text', text: 'Заказ {{1}}' },
  body: 'Здравствуйте, {{1}}! Заказ {{2}} готов.',
  footer: 'Магазин',
  buttons: [
    { kind: 'quick_reply', text: 'Спасибо' },
    { kind: 'url', text: 'Отследить', url: 'https://shop.example/t/{{1}}' },
  ],
  params: ['contact.name', null],
  expects: { body: 2, header: 'text', buttons: [1] },
});

describe('the catalog', () => {
  it('offers templates only where the gateway has a catalog', () => {
    expect(sendsTemplates({ ...capabilities, templates: true, template_catalog: 'registered' })).toBe(true);
    expect(sendsTemplates({ ...capabilities, templates: true, template_catalog: 'none' })).toBe(false);
    expect(sendsTemplates({ ...capabilities, templates: false, template_catalog: 'gateway' })).toBe(false);
    expect(sendsTemplates(null)).toBe(false);
  });

  it('finds templates by name, text and language, every word, in any case; approved ones first', () => {
    const paused = template(2, { name: 'order_paused', status: 'paused', language: 'en_US' });
    const hello = template(3, { name: 'hello', body: 'Welcome to the SHOP', language: 'en_US' });
    const all = [paused, order, hello];
    expect(filterTemplates(all, '').map((t) => t.id)).toEqual([1, 3, 2]);
    expect(filterTemplates(all, 'order').map((t) => t.id)).toEqual([1, 2]);
    expect(filterTemplates(all, 'shop').map((t) => t.id)).toEqual([3]);
    expect(filterTemplates(all, 'ЗАКАЗ готов').map((t) => t.id)).toEqual([1]);
    expect(filterTemplates(all, 'en_us').map((t) => t.id)).toEqual([3, 2]);
    expect(filterTemplates(all, 'nothing')).toEqual([]);
  });

  it('names statuses with the core’s phrases', () => {
    expect(statusText('pending', en)).toBe('waiting for review');
    expect(statusText('approved', ru)).not.toBe('approved');
  });
});

describe('the form', () => {
  it('has a field for the header, each body parameter and each dynamic link, in reading order', () => {
    expect(templateFields(order)).toEqual([
      { kind: 'header', field: 'header', header: 'text' },
      { kind: 'param', field: 'params.0', index: 0, source: 'contact.name' },
      { kind: 'param', field: 'params.1', index: 1, source: null },
      { kind: 'button', field: 'buttons.1', index: 1, text: 'Отследить', url: 'https://shop.example/t/{{1}}' },
    ]);
    // A location header is never sent from here: no field for it.
    expect(templateFields(template(4, { expects: { body: 0, header: 'location', buttons: [] } }))).toEqual([]);
  });

  it('asks the preview with the values typed, leaving out what is empty', () => {
    const values = { ...emptyValues(order), params: ['', '42'], header: '', buttons: { 1: '' } };
    expect(draftOf(7, order, values, 9)).toEqual({
      account_id: 7,
      template_id: 1,
      params: ['', '42'],
      buttons: [],
      conversation_id: 9,
    });
    const full = { ...values, header: '42', buttons: { 1: 'abc' } };
    expect(draftOf(7, order, full, null)).toEqual({
      account_id: 7,
      template_id: 1,
      params: ['', '42'],
      header: { kind: 'text', text: '42' },
      buttons: [{ index: 1, sub_type: 'url', value: 'abc' }],
    });
  });

  it('gives a media header its link, and a document its name', () => {
    const doc = template(5, { expects: { body: 0, header: 'document', buttons: [] } });
    const values = { ...emptyValues(doc), header: ' https://x.example/a.pdf ', headerName: 'a.pdf' };
    expect(draftOf(7, doc, values, null).header).toEqual({ kind: 'document', url: 'https://x.example/a.pdf', name: 'a.pdf' });
  });

  it('puts the server’s problems under their fields, the rest under the form', () => {
    const problems = [
      { field: 'params.1', phrase: phrase('templates.param_empty', 'Fill in parameter 2', { n: '2' }) },
      { field: 'params.1', phrase: phrase('templates.param_empty', 'again') },
      { field: 'template', phrase: phrase('templates.not_approved', 'not approved') },
    ];
    expect(problemsByField(problems).get('params.1')?.map((p) => p.text)).toEqual(['Fill in parameter 2', 'again']);
    expect(generalProblems(problems, templateFields(order)).map((p) => p.text)).toEqual(['not approved']);
  });

  it('shows what the contact card filled in, keeping what was typed', () => {
    const values = { ...emptyValues(order), params: ['', 'typed'] };
    const preview = { params: ['Анна', 'typed'] } as TemplatePreview;
    expect(withFilled(values, preview).params).toEqual(['Анна', 'typed']);
    const same = { ...values, params: ['Мария', 'typed'] };
    expect(withFilled(same, preview)).toBe(same);
  });

  it('sends only a preview of these very values with no problems', () => {
    const values = emptyValues(order);
    const key = draftKey(draftOf(7, order, values, 9));
    const content = { kind: 'template', id: 'order_ready', params: ['a', 'b'], language: 'ru', buttons: [] } as const;
    const good = { problems: [], content } as unknown as TemplatePreview;
    expect(readyToSend(good, key, key)).toBe(true);
    expect(readyToSend(good, 'older', key)).toBe(false);
    expect(readyToSend({ ...good, problems: [{ field: 'params.0', phrase: phrase('templates.param_empty', 'x') }] }, key, key)).toBe(false);
    expect(readyToSend(null, null, key)).toBe(false);
  });

  it('names where a parameter comes from in the reader’s words', () => {
    const fields = [{ id: 1, key: 'city', label: 'Город', position: 0 }];
    expect(sourceLabel('contact.name', fields, ru)).toBe('имя контакта');
    expect(sourceLabel('contact.city', fields, en)).toBe('the contact’s “Город”');
    expect(sourceLabel('contact.gone', fields, en)).toBe('the contact’s “gone”');
  });
});

describe('the editor', () => {
  it('writes a template back as the spec it was saved from', () => {
    expect(specOf(specDraftOf(order))).toEqual({
      name: 'order_ready',
      language: 'ru',
      category: 'utility',
      header: { kind: 'text', text: 'Заказ {{1}}' },
      body: 'Здравствуйте, {{1}}! Заказ {{2}} готов.',
      footer: 'Магазин',
      buttons: [
        { kind: 'quick_reply', text: 'Спасибо' },
        { kind: 'url', text: 'Отследить', url: 'https://shop.example/t/{{1}}' },
      ],
      params: ['contact.name'],
    });
  });

  it('leaves blank optional parts out, and keeps a gateway ID other than the name', () => {
    const draft = { ...specDraftOf(null), name: ' promo ', gatewayId: '41882', body: 'Hi', headerKind: 'image' as const };
    expect(specOf(draft)).toEqual({
      name: 'promo',
      gateway_id: '41882',
      language: 'ru',
      category: 'utility',
      header: { kind: 'image' },
      body: 'Hi',
      buttons: [],
      params: [],
    });
  });
});

describe('Settled', () => {
  afterEach(() => vi.useRealTimers());

  it('runs once typing settles, and never two at a time', async () => {
    vi.useFakeTimers();
    let runs = 0;
    let release: () => void = () => {};
    const settled = new Settled(300, () => {
      runs++;
      return new Promise<void>((r) => (release = r));
    });
    settled.poke();
    vi.advanceTimersByTime(200);
    settled.poke();
    vi.advanceTimersByTime(299);
    expect(runs).toBe(0);
    vi.advanceTimersByTime(1);
    expect(runs).toBe(1);
    // Pokes while it runs: one more run, after it ends.
    settled.poke();
    vi.advanceTimersByTime(300);
    void settled.now();
    expect(runs).toBe(1);
    release();
    await vi.waitFor(() => expect(runs).toBe(2));
    release();
    cancelled(settled);
  });

  function cancelled(settled: Settled) {
    settled.poke();
    settled.cancel();
    vi.advanceTimersByTime(1000);
  }
});
