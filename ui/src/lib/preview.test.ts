import { describe, expect, it } from 'vitest';
import { en, ru } from './fixtures';
import { bubbleText, previewText } from './preview';

describe('previews', () => {
  it('say what a file or a template is in the reader’s language', () => {
    expect(previewText('[file] price.pdf', ru)).toBe('Файл: price.pdf');
    expect(previewText('[template order_ready]', ru)).toBe('Шаблон «order_ready»');
    expect(previewText('[template order_ready] 42, Anna', en)).toBe('Template “order_ready”: 42, Anna');
    expect(previewText('Hello [file] there', ru)).toBe('Hello [file] there');
  });

  it('leave the stand-in out of a bubble that shows the file itself', () => {
    const media = { kind: 'media', url: 'https://x/p.png', mime: null, name: 'p.png', caption: null } as const;
    expect(bubbleText('[file] p.png', media)).toBe('');
    expect(bubbleText('Look', { ...media, caption: 'Look' })).toBe('Look');
    expect(bubbleText('[template t] 1, 2', { kind: 'template', id: 't', params: ['1', '2'], language: null, buttons: [] })).toBe('1, 2');
    expect(bubbleText('Hi', { kind: 'text', text: 'Hi' })).toBe('Hi');
  });
});
