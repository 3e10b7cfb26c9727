// What a message reads as in the list and the bubble. The core gives media and templates a
// stand-in text in English (`[file] price.pdf`, `[template order_ready] 42`, Content::preview in
// crates/core/src/message.rs); the UI says the same in the reader's language instead.
import type { Content } from '../bindings/Content';
import type { Translator } from '../i18n';

const FILE = /^\[file\] (.+)$/s;
const TEMPLATE = /^\[template ([^\]]+)\](?: (.*))?$/s;

/** The list's preview of a last message (only its text is known there). */
export function previewText(text: string, tr: Translator): string {
  const file = FILE.exec(text);
  if (file) return tr.t('inbox.preview.file', { name: file[1] as string });
  const template = TEMPLATE.exec(text);
  if (template) {
    const title = tr.t('inbox.preview.template', { id: template[1] as string });
    return template[2] ? `${title}: ${template[2]}` : title;
  }
  return text;
}

/**
 * The text a bubble shows under its file or template: the caption, the template's parameters,
 * or the message's text — never the core's stand-in, which the card already says better.
 */
export function bubbleText(text: string, content: Content): string {
  switch (content.kind) {
    case 'text':
      return text;
    case 'media':
      if (content.caption) return content.caption;
      return text === `[file] ${content.name ?? content.url}` ? '' : text;
    case 'template':
      return content.params.join(', ');
  }
}
