// The i18n entry point: `t`, the reactive `i18n` (language choice, translator) and the types.
export { i18n, t } from './language.svelte';
export type { Translator, Said, UiSaid } from './translator';
export type { LanguageChoice } from './locale';
export type { Locale } from './translate';
